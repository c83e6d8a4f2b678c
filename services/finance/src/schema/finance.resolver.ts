import { Arg, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  MonthScalar,
  NotFoundError,
  assertId,
  assertText,
  hasRole,
  isInScope,
  isMonth,
  requireKnownUnit,
  requireUnitAccess,
  requireUser,
  type OrgUnitSnapshot,
} from '@performa/platform';
import { distributionProblem, spreadEvenly } from '../domain/distribution';
import { toOre } from '../domain/money';
import type { ValidEntry } from '../store/actuals.store';
import type { BudgetLine } from '../store/models';
import { loaders, origin, type FinanceContext } from './deps';
import { BudgetKeyInput, CreateAccountInput, PostActualsInput, SetBudgetInput, SubmitForecastInput } from './inputs';
import { accountKinds, answerMonth, checkYearMonth, financialSummary, requireFinanceReader } from './summary';
import { Account, FinancialSummary, OrgUnit, PostActualsResult } from './types';

const CODE = /^[A-Za-z0-9_-]{1,20}$/;
const MAX_ENTRIES = 100_000;
const MAX_LISTED = 100;

function requireUnit(ctx: FinanceContext, id: string, field: string): Promise<OrgUnitSnapshot> {
  return requireKnownUnit(loaders(ctx).orgUnit, id, field);
}

function money(amount: number, field: string): number {
  const ore = toOre(amount);
  if (ore === undefined) throw new BadUserInputError(`${field} must be an amount in SEK with at most two decimals, not ${amount}.`, { field });
  return ore;
}

@Resolver(() => OrgUnit)
export class OrgUnitFinanceResolver {
  @Authorized()
  @FieldResolver(() => FinancialSummary, { description: 'Budget, actuals and forecast rolled up over the subtree.' })
  async finance(@Root() unit: OrgUnit, @Arg('year', () => Int) year: number, @Arg('month', () => MonthScalar) month: string, @Ctx() ctx: FinanceContext) {
    const known = await loaders(ctx).orgUnit.load(unit.id);
    if (!known) throw new NotFoundError('Org unit', unit.id);
    requireFinanceReader(requireUser(ctx), known);
    return financialSummary(ctx, unit.id, year, month);
  }
}

@Resolver()
export class FinanceResolver {
  @Authorized()
  @Query(() => [Account], { description: 'The chart of accounts, by code.' })
  async accounts(@Ctx() ctx: FinanceContext) {
    const accounts = await ctx.deps.models.Account.find().sort({ _id: 1 }).lean();
    return accounts.map((a) => ({ code: a._id, name: a.name, kind: a.kind }));
  }

  @Authorized('FINANCE')
  @Mutation(() => Account)
  async createAccount(@Arg('input', () => CreateAccountInput) input: CreateAccountInput, @Ctx() ctx: FinanceContext) {
    if (!CODE.test(input.code)) throw new BadUserInputError('code may hold letters, digits, _ and - (at most 20).', { field: 'code' });
    const name = assertText(input.name, 'name');
    try {
      await ctx.deps.models.Account.create({ _id: input.code, name, kind: input.kind });
    } catch (error) {
      if ((error as { code?: number }).code === 11000) throw new ConflictError(`Account ${input.code} already exists.`, { field: 'code' });
      throw error;
    }
    return { code: input.code, name, kind: input.kind };
  }

  @Authorized('FINANCE')
  @Mutation(() => FinancialSummary, { description: "Replaces the unit's draft budget for the year." })
  async setBudget(@Arg('input', () => SetBudgetInput) input: SetBudgetInput, @Ctx() ctx: FinanceContext) {
    const unit = await requireUnit(ctx, input.unitId, 'unitId');
    requireUnitAccess(requireUser(ctx), unit, ['FINANCE'], 'set budgets');
    checkYearMonth(input.year, `${input.year}-01`);
    const { kinds } = await accountKinds(ctx);
    const seen = new Set<string>();
    const lines: BudgetLine[] = input.lines.map((line, i) => {
      const field = `lines[${i}]`;
      if (!kinds.has(line.accountCode)) throw new BadUserInputError(`${field}: account ${line.accountCode} does not exist.`, { field });
      if (seen.has(line.accountCode)) throw new BadUserInputError(`${field}: account ${line.accountCode} appears twice.`, { field });
      seen.add(line.accountCode);
      const amount = money(line.amount, `${field}.amount`);
      if (!line.monthly) return { accountCode: line.accountCode, monthly: spreadEvenly(amount) };
      const monthly = line.monthly.map((m, j) => money(m, `${field}.monthly[${j}]`));
      const problem = distributionProblem(amount, monthly);
      if (problem) throw new BadUserInputError(`${field}: ${problem}.`, { field: `${field}.monthly` });
      return { accountCode: line.accountCode, monthly };
    });
    await ctx.deps.budgets.set(unit.id, input.year, lines, kinds, origin(ctx));
    ctx.deps.relay().nudge();
    return financialSummary(ctx, unit.id, input.year, answerMonth(ctx, input.year));
  }

  @Authorized('FINANCE')
  @Mutation(() => FinancialSummary, { description: 'Locks the budget; later changes are refused (CONFLICT) until FINANCE re-opens it.' })
  async approveBudget(@Arg('input', () => BudgetKeyInput) input: BudgetKeyInput, @Ctx() ctx: FinanceContext) {
    return this.changeStatus(input, ctx, 'APPROVED');
  }

  @Authorized('FINANCE')
  @Mutation(() => FinancialSummary, { description: 'Re-opens an approved budget for changes.' })
  async reopenBudget(@Arg('input', () => BudgetKeyInput) input: BudgetKeyInput, @Ctx() ctx: FinanceContext) {
    return this.changeStatus(input, ctx, 'DRAFT');
  }

  private async changeStatus(input: BudgetKeyInput, ctx: FinanceContext, status: 'DRAFT' | 'APPROVED') {
    const unit = await requireUnit(ctx, input.unitId, 'unitId');
    requireUnitAccess(requireUser(ctx), unit, ['FINANCE'], status === 'APPROVED' ? 'approve budgets' : 're-open budgets');
    const budget = await ctx.deps.budgets.get(unit.id, input.year);
    if (!budget) throw new NotFoundError('Budget', `${unit.code} ${input.year}`);
    if (budget.status === status) throw new ConflictError(`The ${input.year} budget of ${unit.name} is already ${status === 'APPROVED' ? 'approved' : 'open'}.`);
    await ctx.deps.budgets.setStatus(budget, status, (await accountKinds(ctx)).kinds, origin(ctx));
    ctx.deps.relay().nudge();
    return financialSummary(ctx, unit.id, input.year, answerMonth(ctx, input.year));
  }

  @Authorized('FINANCE')
  @Mutation(() => PostActualsResult, { description: 'Idempotent per batchId; every entry is checked before any is written.' })
  async postActuals(@Arg('input', () => PostActualsInput) input: PostActualsInput, @Ctx() ctx: FinanceContext) {
    const user = requireUser(ctx);
    assertId(input.batchId, 'batchId');
    if (input.entries.length === 0 || input.entries.length > MAX_ENTRIES) throw new BadUserInputError(`A batch holds 1 to ${MAX_ENTRIES} entries, not ${input.entries.length}.`, { field: 'entries' });
    const [units, { kinds }] = await Promise.all([ctx.deps.org.model.find({}, { ancestors: 1 }).lean<Array<{ _id: string; ancestors: string[] }>>(), accountKinds(ctx)]);
    const unitPaths = new Map(units.map((u) => [u._id, [...u.ancestors, u._id]]));
    const badRows: Array<{ index: number; reason: string }> = [];
    const unknownUnits = new Set<string>();
    const unknownAccounts = new Set<string>();
    const outOfScope = new Set<string>();
    const entries: ValidEntry[] = [];
    input.entries.forEach((e, index) => {
      const reasons: string[] = [];
      const path = unitPaths.get(e.unitId);
      if (!path) {
        reasons.push(`unknown unit ${e.unitId}`);
        unknownUnits.add(e.unitId);
      } else if (!hasRole(user, 'ADMIN') && !isInScope(user, path)) outOfScope.add(e.unitId);
      if (!kinds.has(e.accountCode)) {
        reasons.push(`unknown account ${e.accountCode}`);
        unknownAccounts.add(e.accountCode);
      }
      if (!isMonth(e.month)) reasons.push(`month "${e.month}" is not "YYYY-MM"`);
      const amountOre = toOre(e.amount);
      if (amountOre === undefined) reasons.push(`amount ${e.amount} is not SEK with at most two decimals`);
      if (reasons.length > 0) badRows.push({ index, reason: reasons.join('; ') });
      else entries.push({ unitId: e.unitId, accountCode: e.accountCode, month: e.month, amountOre: amountOre as number });
    });
    if (badRows.length > 0) {
      throw new BadUserInputError(`${badRows.length} of ${input.entries.length} entries are invalid; nothing was posted. First: row ${badRows[0]?.index}: ${badRows[0]?.reason}.`, {
        field: 'entries',
        badRowCount: badRows.length,
        badRows: badRows.slice(0, MAX_LISTED),
        unknownUnits: [...unknownUnits].slice(0, MAX_LISTED),
        unknownAccounts: [...unknownAccounts].slice(0, MAX_LISTED),
      });
    }
    if (outOfScope.size > 0) throw new ForbiddenError(`Entries for units outside your part of the organisation: ${[...outOfScope].slice(0, 10).join(', ')}; nothing was posted.`);
    const result = await ctx.deps.actuals.post(input.batchId, entries, kinds, origin(ctx));
    ctx.deps.relay().nudge();
    return result;
  }

  @Authorized('MANAGER', 'FINANCE')
  @Mutation(() => FinancialSummary, { description: "A unit's forecast of its year-end net cost, made in `month`." })
  async submitForecast(@Arg('input', () => SubmitForecastInput) input: SubmitForecastInput, @Ctx() ctx: FinanceContext) {
    const unit = await requireUnit(ctx, input.unitId, 'unitId');
    requireUnitAccess(requireUser(ctx), unit, ['MANAGER', 'FINANCE'], 'submit forecasts');
    checkYearMonth(input.year, input.month);
    const yearEndOre = money(input.yearEndAmount, 'yearEndAmount');
    const comment = input.comment ? assertText(input.comment, 'comment', 2_000) : null;
    await ctx.deps.forecasts.submit({ unitId: unit.id, year: input.year, month: input.month, yearEndOre, comment }, origin(ctx));
    ctx.deps.relay().nudge();
    return financialSummary(ctx, unit.id, input.year, input.month);
  }
}
