import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { BadUserInputError, ConflictError, NotFoundError, assertId, assertText, requireUser, unitPath } from '@performa/platform';
import { archiveProblem, createsGoalCycle, parentProblem } from '../domain/cascade';
import type { GoalRecord, Perspective as P } from '../store/models';
import { requireGoalManager, requireOpenUnit, requireUnit } from './access';
import { loaders, origin, type StrategyContext } from './deps';
import { ArchiveGoalInput, CreateGoalInput, UpdateGoalInput } from './inputs';
import { Activity, Goal, OrgUnit, Perspective, Term } from './types';

export const toGoal = (g: GoalRecord): Goal => ({ ...g, id: g._id });
const today = (ctx: StrategyContext) => ctx.deps.now().toISOString().slice(0, 10);

export async function requireGoal(ctx: StrategyContext, id: string, field = 'id'): Promise<GoalRecord> {
  assertId(id, field);
  const goal = await loaders(ctx).goal.load(id);
  if (!goal) throw new NotFoundError('Goal', id);
  return goal;
}

@Resolver(() => Goal)
export class GoalResolver {
  @Authorized()
  @Query(() => Goal, { nullable: true })
  async goal(@Arg('id', () => ID) id: string, @Ctx() ctx: StrategyContext) {
    assertId(id, 'id');
    const goal = await loaders(ctx).goal.load(id);
    return goal ? toGoal(goal) : null;
  }

  @Authorized()
  @Query(() => [Goal], { description: 'Live goals (archived ones with includeArchived), by term and title.' })
  async goals(
    @Ctx() ctx: StrategyContext,
    @Arg('termId', () => ID, { nullable: true }) termId?: string,
    @Arg('ownerId', () => ID, { nullable: true }) ownerId?: string,
    @Arg('perspective', () => Perspective, { nullable: true }) perspective?: P,
    @Arg('includeArchived', () => Boolean, { nullable: true }) includeArchived?: boolean,
  ) {
    if (termId) assertId(termId, 'termId');
    if (ownerId) assertId(ownerId, 'ownerId');
    const goals = await ctx.deps.goals.list({ termId: termId ?? undefined, ownerIds: ownerId ? [ownerId] : undefined, perspective: perspective ?? undefined, includeArchived: includeArchived ?? false });
    return goals.map(toGoal);
  }

  @Authorized()
  @FieldResolver(() => Term)
  async term(@Root() goal: Goal, @Ctx() ctx: StrategyContext) {
    const term = await ctx.deps.terms.get(goal.termId);
    return term && { id: term._id, startYear: term.startYear, endYear: term.endYear };
  }

  @Authorized()
  @FieldResolver(() => OrgUnit)
  owner(@Root() goal: Goal) {
    return { id: goal.ownerId };
  }

  @Authorized()
  @FieldResolver(() => Goal, { nullable: true })
  async parent(@Root() goal: Goal, @Ctx() ctx: StrategyContext) {
    const parent = goal.parentId ? await loaders(ctx).goal.load(goal.parentId) : null;
    return parent ? toGoal(parent) : null;
  }

  @Authorized()
  @FieldResolver(() => [Goal], { description: 'Live sub-goals.' })
  async children(@Root() goal: Goal, @Ctx() ctx: StrategyContext) {
    return (await ctx.deps.goals.list({ parentId: goal.id })).map(toGoal);
  }

  @Authorized()
  @FieldResolver(() => [Activity])
  async activities(@Root() goal: Goal, @Ctx() ctx: StrategyContext) {
    return (await ctx.deps.activities.forGoal(goal.id)).map((a) => ({ ...a, id: a._id }));
  }

  @Authorized('EXECUTIVE', 'MANAGER')
  @Mutation(() => Goal)
  async createGoal(@Arg('input', () => CreateGoalInput) input: CreateGoalInput, @Ctx() ctx: StrategyContext) {
    const user = requireUser(ctx);
    assertId(input.termId, 'termId');
    const title = assertText(input.title, 'title');
    const description = input.description ? assertText(input.description, 'description', 4_000) : null;
    const owner = await requireUnit(ctx, input.ownerId, 'ownerId');
    requireGoalManager(user, owner);
    if (!(await ctx.deps.terms.get(input.termId))) throw new NotFoundError('Term', input.termId);
    requireOpenUnit(owner, today(ctx));
    let parentId: string | null = null;
    if (input.parentId) {
      const parent = await requireGoal(ctx, input.parentId, 'parentId');
      const problem = parentProblem({ ...parent, id: parent._id }, input.termId, unitPath(owner));
      if (problem) throw new BadUserInputError(`That parent goal can't be used: ${problem}.`, { field: 'parentId' });
      parentId = parent._id;
    }
    const goal = await ctx.deps.goals.create({ title, description, perspective: input.perspective, termId: input.termId, ownerId: owner.id, parentId }, origin(ctx));
    ctx.deps.relay().nudge();
    return toGoal(goal);
  }

  @Authorized('EXECUTIVE', 'MANAGER')
  @Mutation(() => Goal)
  async updateGoal(@Arg('input', () => UpdateGoalInput) input: UpdateGoalInput, @Ctx() ctx: StrategyContext) {
    const goal = await requireGoal(ctx, input.id);
    const owner = await requireUnit(ctx, goal.ownerId, 'id');
    requireGoalManager(requireUser(ctx), owner);
    if (goal.archived) throw new BadUserInputError('An archived goal can no longer change.', { field: 'id' });
    const change: Partial<Pick<GoalRecord, 'title' | 'description' | 'parentId'>> = {};
    if (input.title != null) change.title = assertText(input.title, 'title');
    if (input.description !== undefined) change.description = input.description ? assertText(input.description, 'description', 4_000) : null;
    if (input.parentId != null && input.parentId !== goal.parentId) {
      const parent = await requireGoal(ctx, input.parentId, 'parentId');
      const links = await ctx.deps.goals.parentLinks(goal.termId);
      if (createsGoalCycle(goal._id, parent._id, (id) => links.get(id))) throw new BadUserInputError('A goal can’t sit below itself or one of its own sub-goals.', { field: 'parentId' });
      const problem = parentProblem({ ...parent, id: parent._id }, goal.termId, unitPath(owner));
      if (problem) throw new BadUserInputError(`That parent goal can't be used: ${problem}.`, { field: 'parentId' });
      change.parentId = parent._id;
    }
    if (Object.keys(change).length === 0) return toGoal(goal);
    const updated = await ctx.deps.goals.update(goal, change, 'strategy.GoalChanged', origin(ctx));
    ctx.deps.relay().nudge();
    return toGoal(updated);
  }

  @Authorized('EXECUTIVE', 'MANAGER')
  @Mutation(() => Goal, { description: 'Refused (CONFLICT) while the goal has live sub-goals.' })
  async archiveGoal(@Arg('input', () => ArchiveGoalInput) input: ArchiveGoalInput, @Ctx() ctx: StrategyContext) {
    const goal = await requireGoal(ctx, input.id);
    requireGoalManager(requireUser(ctx), await requireUnit(ctx, goal.ownerId, 'id'));
    if (goal.archived) return toGoal(goal);
    const problem = archiveProblem(await ctx.deps.goals.liveChildren(goal._id));
    if (problem) throw new ConflictError(`The goal can't be archived: ${problem}.`);
    const archived = await ctx.deps.goals.update(goal, { archived: true }, 'strategy.GoalArchived', origin(ctx));
    ctx.deps.relay().nudge();
    return toGoal(archived);
  }
}
