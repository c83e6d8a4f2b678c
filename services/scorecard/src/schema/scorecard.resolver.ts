import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { BadUserInputError, ForbiddenError, MonthScalar, assertText, hasRole, isInScope, isMonth, op, requireUnitAccess, requireUser, unitPath } from '@performa/platform';
import { trendOf } from '../domain/lights';
import { requireUnit } from './indicator.resolver';
import { toIndicator, type ScorecardContext } from './deps';
import { CommentScorecardInput } from './inputs';
import { Goal, Indicator, OrgUnit, Scorecard } from './types';

const previousMonth = (month: string) => {
  const d = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 2, 1));
  return d.toISOString().slice(0, 7);
};

async function buildScorecard(ctx: ScorecardContext, unitId: string, month: string, includeDescendants: boolean): Promise<Scorecard> {
  const owners = includeDescendants ? await ctx.deps.org.subtreeIds(unitId) : [unitId];
  const indicators = await ctx.deps.models.Indicator.find({ ownerId: op({ $in: owners }) }).sort({ name: 1, _id: 1 }).lean();
  const measured = await ctx.deps.measurements.forMonths(indicators.map((i) => i._id), [month, previousMonth(month)]);
  const rows = indicators.map((i) => {
    const now = measured.get(`${i._id}:${month}`);
    const before = measured.get(`${i._id}:${previousMonth(month)}`);
    return { indicator: toIndicator(i), value: now?.value ?? null, light: now?.light ?? 'NO_DATA', trend: trendOf(now?.value ?? null, before?.value ?? null) } as const;
  });
  const count = (light: string) => rows.filter((r) => r.light === light).length;
  const comment = await ctx.deps.models.Comment.findById(`${unitId}:${month}`).lean();
  return { unit: { id: unitId }, month, rows: rows.map((r) => ({ ...r })), green: count('GREEN'), yellow: count('YELLOW'), red: count('RED'), noData: count('NO_DATA'), comment: comment?.text ?? null };
}

@Resolver(() => OrgUnit)
export class ScorecardResolver {
  @Authorized()
  @FieldResolver(() => Scorecard, { description: "The unit's indicators for the month; with includeDescendants, every indicator in its subtree." })
  async scorecard(@Root() unit: OrgUnit, @Arg('month', () => MonthScalar) month: string, @Ctx() ctx: ScorecardContext, @Arg('includeDescendants', () => Boolean, { nullable: true }) includeDescendants?: boolean) {
    const known = await requireUnit(ctx, unit.id, 'id');
    const user = requireUser(ctx);
    if (!hasRole(user, 'ADMIN', 'POLITICIAN') && !isInScope(user, unitPath(known))) throw new ForbiddenError(`${known.name} is outside your part of the organisation.`);
    if (!isMonth(month)) throw new BadUserInputError('month must be "YYYY-MM".', { field: 'month' });
    return buildScorecard(ctx, known.id, month, includeDescendants ?? false);
  }

  @Authorized('MANAGER', 'EXECUTIVE')
  @Mutation(() => Scorecard, { description: "The manager's comment on the month, for the workplace meeting." })
  async commentScorecard(@Arg('input', () => CommentScorecardInput) input: CommentScorecardInput, @Ctx() ctx: ScorecardContext) {
    const unit = await requireUnit(ctx, input.unitId, 'unitId');
    const user = requireUser(ctx);
    requireUnitAccess(user, unit, ['MANAGER', 'EXECUTIVE'], 'comment scorecards');
    const text = assertText(input.text, 'text', 4_000);
    await ctx.deps.models.Comment.updateOne({ _id: `${unit.id}:${input.month}` }, { $set: { unitId: unit.id, month: input.month, text, by: user.sub } }, { upsert: true });
    return buildScorecard(ctx, unit.id, input.month, false);
  }
}

@Resolver(() => Goal)
export class GoalIndicatorsResolver {
  @Authorized()
  @FieldResolver(() => [Indicator], { description: "The indicators that measure the goal; their lights make the goal's status." })
  async indicators(@Root() goal: Goal, @Ctx() ctx: ScorecardContext) {
    return (await ctx.deps.models.Indicator.find({ goalId: goal.id }).sort({ name: 1 }).lean()).map(toIndicator);
  }
}
