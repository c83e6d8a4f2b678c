import { MONTHS, type MonthKey } from './money';
import type { AccountAmounts } from './rollup';

export type AccountKind = 'COST' | 'REVENUE';

/** A unit's year, rolled up over its subtree, in öre per month key and account. */
export interface YearRollup {
  budget: Partial<Record<MonthKey, AccountAmounts>>;
  actual: Partial<Record<MonthKey, AccountAmounts>>;
  /** the subtree's year-end forecast as of each month (null: nobody has forecast yet) */
  forecast: Partial<Record<MonthKey, number | null>>;
}

export interface AccountFigures {
  code: string;
  budgetYear: number;
  budgetToDate: number;
  actualToDate: number;
  deviationToDate: number;
}

export interface SummaryFigures {
  budgetYear: number;
  budgetToDate: number;
  actualToDate: number;
  forecastYearEnd: number | null;
  deviationToDate: number;
  deviationPercent: number;
  byAccount: AccountFigures[];
}

/** Percent with two decimals; 0 when there is no budget to compare with. */
export function percentOf(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 100;
}

/**
 * Net cost (costs − revenues) in öre, for the year and January through `monthIndex` (1–12):
 * deviation = budget to date − actual to date (positive = under budget), in percent of the budget
 * to date. Every figure is a sum of integers, so no rounding drift.
 */
export function summarize(rollup: YearRollup, kinds: ReadonlyMap<string, AccountKind>, monthIndex: number): SummaryFigures {
  const sign = (code: string) => (kinds.get(code) === 'REVENUE' ? -1 : 1);
  const lines = new Map<string, AccountFigures>();
  const line = (code: string) => {
    let found = lines.get(code);
    if (!found) {
      found = { code, budgetYear: 0, budgetToDate: 0, actualToDate: 0, deviationToDate: 0 };
      lines.set(code, found);
    }
    return found;
  };
  MONTHS.forEach((key, i) => {
    for (const [code, ore] of Object.entries(rollup.budget[key] ?? {})) {
      const l = line(code);
      l.budgetYear += sign(code) * ore;
      if (i < monthIndex) l.budgetToDate += sign(code) * ore;
    }
    if (i < monthIndex) for (const [code, ore] of Object.entries(rollup.actual[key] ?? {})) line(code).actualToDate += sign(code) * ore;
  });
  const byAccount = [...lines.values()].sort((a, b) => a.code.localeCompare(b.code));
  for (const l of byAccount) l.deviationToDate = l.budgetToDate - l.actualToDate;
  const total = (pick: (l: AccountFigures) => number) => byAccount.reduce((s, l) => s + pick(l), 0);
  const budgetToDate = total((l) => l.budgetToDate);
  const actualToDate = total((l) => l.actualToDate);
  const deviationToDate = budgetToDate - actualToDate;
  const key = MONTHS[monthIndex - 1] as MonthKey;
  return {
    budgetYear: total((l) => l.budgetYear),
    budgetToDate,
    actualToDate,
    forecastYearEnd: rollup.forecast[key] ?? null,
    deviationToDate,
    deviationPercent: percentOf(deviationToDate, budgetToDate),
    byAccount,
  };
}
