/**
 * Money is SEK in the API and whole öre inside: sums of integers never drift, so a board's total
 * is exactly the sum of its units'. An amount with more than two decimals is refused, not rounded.
 */
export function toOre(amount: number): number | undefined {
  if (!Number.isFinite(amount)) return undefined;
  const ore = Math.round(amount * 100);
  if (Math.abs(ore - amount * 100) > 1e-6 * Math.max(1, Math.abs(amount))) return undefined;
  if (!Number.isSafeInteger(ore)) return undefined;
  return ore;
}

export function toSek(ore: number): number {
  return ore / 100;
}

export const MONTHS = ['m01', 'm02', 'm03', 'm04', 'm05', 'm06', 'm07', 'm08', 'm09', 'm10', 'm11', 'm12'] as const;
export type MonthKey = (typeof MONTHS)[number];

/** "2026-03" → "m03": the key of a month inside a year's roll-up. */
export function monthKey(month: string): MonthKey {
  return `m${month.slice(5, 7)}` as MonthKey;
}
