import { randomUUID } from 'node:crypto';
import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import {
  BadUserInputError,
  MonthScalar,
  NotFoundError,
  assertId,
  assertText,
  isMonth,
  newWithEvents,
  requireKnownUnit,
  requireUnitAccess,
  requireUser,
  type OrgUnitSnapshot,
} from '@performa/platform';
import { TOPICS } from '../events/published';
import { compareWithLastYear, lightOf, thresholdProblem } from '../domain/lights';
import { loaders, origin, toIndicator, type ScorecardContext } from './deps';
import { CreateIndicatorInput, RecordMeasurementInput } from './inputs';
import { Goal, Indicator, Measurement, OrgUnit } from './types';

export function requireUnit(ctx: ScorecardContext, id: string, field: string): Promise<OrgUnitSnapshot> {
  return requireKnownUnit(loaders(ctx).orgUnit, id, field);
}

const lastYear = (month: string) => `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`;

@Resolver(() => Indicator)
export class IndicatorResolver {
  @Authorized()
  @FieldResolver(() => OrgUnit)
  owner(@Root() indicator: Indicator) {
    return { id: indicator.ownerId };
  }

  @Authorized()
  @FieldResolver(() => Goal, { nullable: true })
  goal(@Root() indicator: Indicator) {
    return indicator.goalId ? { id: indicator.goalId } : null;
  }

  @Authorized()
  @FieldResolver(() => [Measurement], { description: 'Oldest first; from and to are inclusive months.' })
  async measurements(
    @Root() indicator: Indicator,
    @Ctx() ctx: ScorecardContext,
    @Arg('from', () => MonthScalar, { nullable: true }) from?: string,
    @Arg('to', () => MonthScalar, { nullable: true }) to?: string,
  ) {
    const list = await ctx.deps.measurements.range(indicator.id, from ?? undefined, to ?? undefined);
    const earlier = from ? await ctx.deps.measurements.range(indicator.id, lastYear(from), to ? lastYear(to) : undefined) : list;
    const byMonth = new Map([...earlier, ...list].map((m) => [m.month, m.value]));
    return list.map((m) => ({ ...m, vsLastYear: compareWithLastYear(m.value, byMonth.get(lastYear(m.month)) ?? null, indicator.direction) }));
  }

  @Authorized('EXECUTIVE')
  @Mutation(() => Indicator)
  async createIndicator(@Arg('input', () => CreateIndicatorInput) input: CreateIndicatorInput, @Ctx() ctx: ScorecardContext) {
    const owner = await requireUnit(ctx, input.ownerId, 'ownerId');
    requireUnitAccess(requireUser(ctx), owner, ['EXECUTIVE'], 'manage indicators');
    const name = assertText(input.name, 'name');
    const thresholds = { direction: input.direction, target: input.target, warningThreshold: input.warningThreshold ?? null };
    const problem = thresholdProblem(thresholds);
    if (problem) throw new BadUserInputError(`The thresholds don't fit: ${problem}.`, { field: 'warningThreshold' });
    let goalId: string | null = null;
    if (input.goalId) {
      assertId(input.goalId, 'goalId');
      const goal = await ctx.deps.models.Goal.findById(input.goalId).lean();
      if (!goal) throw new NotFoundError('Goal', input.goalId);
      if (goal.archived) throw new BadUserInputError('That goal is archived.', { field: 'goalId' });
      goalId = goal._id;
    }
    const indicator = { _id: randomUUID(), name, unitOfMeasure: input.unitOfMeasure ? assertText(input.unitOfMeasure, 'unitOfMeasure', 40) : null, ownerId: owner.id, goalId, source: input.source, ...thresholds };
    const defined = ctx.deps.events.entry(
      { topic: TOPICS.indicator, type: 'scorecard.IndicatorDefined', subject: indicator._id, data: { indicatorId: indicator._id, name, unitId: owner.id, goalId, source: input.source, version: 1 } },
      origin(ctx),
    );
    await ctx.deps.models.Indicator.create({ ...indicator, ...newWithEvents([defined]) });
    ctx.deps.relay().nudge();
    return toIndicator(indicator);
  }

  @Authorized('MANAGER', 'EXECUTIVE')
  @Mutation(() => Measurement, { description: 'MANUAL indicators only; a RED value needs a comment.' })
  async recordMeasurement(@Arg('input', () => RecordMeasurementInput) input: RecordMeasurementInput, @Ctx() ctx: ScorecardContext) {
    assertId(input.indicatorId, 'indicatorId');
    const indicator = await loaders(ctx).indicator.load(input.indicatorId);
    if (!indicator) throw new NotFoundError('Indicator', input.indicatorId);
    requireUnitAccess(requireUser(ctx), await requireUnit(ctx, indicator.ownerId, 'indicatorId'), ['MANAGER', 'EXECUTIVE'], 'record measurements');
    if (!isMonth(input.month)) throw new BadUserInputError('month must be "YYYY-MM".', { field: 'month' });
    if (indicator.source !== 'MANUAL') throw new BadUserInputError(`${indicator.name} is fed automatically from ${indicator.source}; it takes no manual values.`, { field: 'indicatorId' });
    if (!Number.isFinite(input.value)) throw new BadUserInputError('value must be a number.', { field: 'value' });
    const comment = input.comment ? assertText(input.comment, 'comment', 2_000) : null;
    const light = lightOf(input.value, indicator);
    if (light === 'RED' && !comment) throw new BadUserInputError(`${input.value} is RED for ${indicator.name}: add a comment that explains it for the workplace meeting.`, { field: 'comment' });
    await ctx.deps.measurements.record(indicator, input.month, input.value, comment, origin(ctx));
    ctx.deps.relay().nudge();
    const last = await ctx.deps.measurements.get(indicator._id, lastYear(input.month));
    return { month: input.month, value: input.value, light, comment, vsLastYear: compareWithLastYear(input.value, last?.value ?? null, indicator.direction) };
  }
}
