import type { TreeUnit } from './rollup';

export interface ForecastSubmission {
  /** 1–12: the month the forecast was made in */
  monthIndex: number;
  yearEndOre: number;
}

/**
 * Each unit's latest year-end forecast as of each month (null before its first), summed up the
 * tree: a board's forecast is the sum of what its units forecast. A subtree where nobody has
 * forecast yet stays null, not zero.
 */
export function rollUpForecasts(units: readonly TreeUnit[], submissions: ReadonlyMap<string, ForecastSubmission[]>): Map<string, Array<number | null>> {
  const own = new Map<string, Array<number | null>>();
  for (const [unitId, list] of submissions) {
    const byMonth: Array<number | null> = Array.from({ length: 12 }, () => null);
    // later submissions for the same month win: the caller passes them in submission order
    for (const s of list) byMonth[s.monthIndex - 1] = s.yearEndOre;
    for (let i = 1; i < 12; i += 1) if (byMonth[i] === null) byMonth[i] = byMonth[i - 1] ?? null;
    own.set(unitId, byMonth);
  }
  const children = new Map<string, string[]>();
  for (const u of units) if (u.parentId) children.set(u.parentId, [...(children.get(u.parentId) ?? []), u.id]);
  const result = new Map<string, Array<number | null>>();
  const visit = (id: string): Array<number | null> => {
    const cached = result.get(id);
    if (cached) return cached;
    const total = [...(own.get(id) ?? Array.from({ length: 12 }, () => null))];
    for (const child of children.get(id) ?? []) {
      visit(child).forEach((v, i) => {
        if (v !== null) total[i] = (total[i] ?? 0) + v;
      });
    }
    result.set(id, total);
    return total;
  };
  for (const u of units) visit(u.id);
  return result;
}
