import { BadUserInputError, ForbiddenError, hasRole, isInScope, isMonth, unitPath, type AuthUser, type OrgUnitSnapshot } from '@performa/platform';
import { toSek } from '../domain/money';
import { summarize, type AccountKind } from '../domain/summary';
import type { FinanceContext } from './deps';
import type { FinancialSummary } from './types';

export async function accountKinds(ctx: FinanceContext): Promise<{ kinds: Map<string, AccountKind>; names: Map<string, string> }> {
  const accounts = await ctx.deps.models.Account.find().lean();
  return { kinds: new Map(accounts.map((a) => [a._id, a.kind])), names: new Map(accounts.map((a) => [a._id, a.name])) };
}

/** Finance of a unit: POLITICIAN reads all; FINANCE, MANAGER and EXECUTIVE within their scope. */
export function requireFinanceReader(user: AuthUser, unit: OrgUnitSnapshot): void {
  if (hasRole(user, 'ADMIN', 'POLITICIAN')) return;
  if (!hasRole(user, 'FINANCE', 'MANAGER', 'EXECUTIVE')) throw new ForbiddenError('Only FINANCE, MANAGER, EXECUTIVE, POLITICIAN and ADMIN read finances.');
  if (!isInScope(user, unitPath(unit))) throw new ForbiddenError(`${unit.name} is outside your part of the organisation.`);
}

export function checkYearMonth(year: number, month: string): number {
  if (!Number.isInteger(year) || year < 1990 || year > 2200) throw new BadUserInputError('year must be between 1990 and 2200.', { field: 'year' });
  if (!isMonth(month) || Number(month.slice(0, 4)) !== year) throw new BadUserInputError(`month must be "YYYY-MM" within ${year}.`, { field: 'month' });
  return Number(month.slice(5, 7));
}

/** The summary a user sees: from the unit's roll-up, in SEK. */
export async function financialSummary(ctx: FinanceContext, unitId: string, year: number, month: string): Promise<FinancialSummary> {
  const monthIndex = checkYearMonth(year, month);
  const [rollup, { kinds, names }, budget] = await Promise.all([ctx.deps.rollups.get(unitId, year), accountKinds(ctx), ctx.deps.budgets.get(unitId, year)]);
  const s = summarize(rollup, kinds, monthIndex);
  return {
    year,
    month,
    budgetYear: toSek(s.budgetYear),
    budgetToDate: toSek(s.budgetToDate),
    actualToDate: toSek(s.actualToDate),
    forecastYearEnd: s.forecastYearEnd === null ? null : toSek(s.forecastYearEnd),
    deviationToDate: toSek(s.deviationToDate),
    deviationPercent: s.deviationPercent,
    byAccount: s.byAccount.map((l) => ({
      account: { code: l.code, name: names.get(l.code) ?? l.code, kind: kinds.get(l.code) ?? 'COST' },
      budgetYear: toSek(l.budgetYear),
      budgetToDate: toSek(l.budgetToDate),
      actualToDate: toSek(l.actualToDate),
      deviationToDate: toSek(l.deviationToDate),
    })),
    budgetStatus: budget?.status ?? null,
  };
}

/** The month a mutation's answer shows: this month in the current year, else December. */
export function answerMonth(ctx: FinanceContext, year: number): string {
  const now = ctx.deps.now().toISOString().slice(0, 7);
  return now.startsWith(`${year}-`) ? now : `${year}-12`;
}
