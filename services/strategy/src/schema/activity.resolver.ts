import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { BadUserInputError, NotFoundError, assertDate, assertId, assertText, requireUser, unitPath } from '@performa/platform';
import { activityOwnerProblem } from '../domain/cascade';
import type { ActivityRecord } from '../store/models';
import { requireGoalManager, requireOpenUnit, requireUnit } from './access';
import { origin, type StrategyContext } from './deps';
import { requireGoal, toGoal } from './goal.resolver';
import { CreateActivityInput, UpdateActivityInput } from './inputs';
import { Activity, Goal, OrgUnit } from './types';

const toActivity = (a: ActivityRecord): Activity => ({ ...a, id: a._id });

@Resolver(() => Activity)
export class ActivityResolver {
  @Authorized()
  @FieldResolver(() => Goal)
  async goal(@Root() activity: Activity, @Ctx() ctx: StrategyContext) {
    return toGoal(await requireGoal(ctx, activity.goalId));
  }

  @Authorized()
  @FieldResolver(() => OrgUnit)
  owner(@Root() activity: Activity) {
    return { id: activity.ownerId };
  }

  @Authorized('EXECUTIVE', 'MANAGER')
  @Mutation(() => Activity)
  async createActivity(@Arg('input', () => CreateActivityInput) input: CreateActivityInput, @Ctx() ctx: StrategyContext) {
    const goal = await requireGoal(ctx, input.goalId, 'goalId');
    const owner = await requireUnit(ctx, input.ownerId, 'ownerId');
    requireGoalManager(requireUser(ctx), owner);
    const title = assertText(input.title, 'title');
    const dueDate = input.dueDate ? assertDate(input.dueDate, 'dueDate') : null;
    if (goal.archived) throw new BadUserInputError('An archived goal takes no new activities.', { field: 'goalId' });
    requireOpenUnit(owner, ctx.deps.now().toISOString().slice(0, 10));
    const problem = activityOwnerProblem(goal.ownerId, unitPath(owner));
    if (problem) throw new BadUserInputError(`That unit can't carry out this goal's activity: ${problem}.`, { field: 'ownerId' });
    const activity = await ctx.deps.activities.create({ title, goalId: goal._id, ownerId: owner.id, dueDate }, origin(ctx));
    ctx.deps.relay().nudge();
    return toActivity(activity);
  }

  @Authorized('EXECUTIVE', 'MANAGER')
  @Mutation(() => Activity)
  async updateActivity(@Arg('input', () => UpdateActivityInput) input: UpdateActivityInput, @Ctx() ctx: StrategyContext) {
    assertId(input.id, 'id');
    const activity = await ctx.deps.activities.get(input.id);
    if (!activity) throw new NotFoundError('Activity', input.id);
    requireGoalManager(requireUser(ctx), await requireUnit(ctx, activity.ownerId, 'id'));
    const change: { status?: ActivityRecord['status']; comment?: string | null } = {};
    if (input.status != null) change.status = input.status;
    if (input.comment !== undefined) change.comment = input.comment ? assertText(input.comment, 'comment', 2_000) : null;
    if (Object.keys(change).length === 0) return toActivity(activity);
    const updated = await ctx.deps.activities.update(activity, change, origin(ctx));
    ctx.deps.relay().nudge();
    return toActivity(updated);
  }
}
