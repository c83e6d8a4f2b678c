/**
 * A year's budget over its twelve months, in öre. Spread evenly, the öre that don't divide go to
 * the first months (12 345 öre → 1 029 × 9 + 1 028 × 3), so the months always sum to the year.
 */
export function spreadEvenly(totalOre: number): number[] {
  const base = Math.trunc(totalOre / 12);
  const rest = totalOre - base * 12;
  const step = Math.sign(rest);
  return Array.from({ length: 12 }, (_, i) => base + (i < Math.abs(rest) ? step : 0));
}

/** Why a given monthly distribution can't be used, or undefined. */
export function distributionProblem(totalOre: number, monthlyOre: readonly number[]): string | undefined {
  if (monthlyOre.length !== 12) return `monthly must have 12 values, one per month, not ${monthlyOre.length}`;
  const sum = monthlyOre.reduce((a, b) => a + b, 0);
  if (sum !== totalOre) return `the 12 monthly values sum to ${(sum / 100).toFixed(2)}, not to the amount ${(totalOre / 100).toFixed(2)}`;
  return undefined;
}
