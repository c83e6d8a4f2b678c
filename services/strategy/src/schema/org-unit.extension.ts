import { Arg, Authorized, Ctx, FieldResolver, ID, Resolver, Root } from 'type-graphql';
import { assertId, unitPath } from '@performa/platform';
import { lineOfSight } from '../domain/cascade';
import { loaders, type StrategyContext } from './deps';
import { toGoal } from './goal.resolver';
import { Goal, OrgUnit } from './types';

@Resolver(() => OrgUnit)
export class OrgUnitGoalsResolver {
  @Authorized()
  @FieldResolver(() => [Goal], { description: "The unit's live goals; with includeInherited, its ancestors' too, from the municipality down (the line of sight)." })
  async goals(
    @Root() unit: OrgUnit,
    @Ctx() ctx: StrategyContext,
    @Arg('termId', () => ID, { nullable: true }) termId?: string,
    @Arg('includeInherited', () => Boolean, { nullable: true }) includeInherited?: boolean,
  ) {
    if (termId) assertId(termId, 'termId');
    const known = await loaders(ctx).orgUnit.load(unit.id);
    const path = includeInherited && known ? unitPath(known) : [unit.id];
    const goals = await ctx.deps.goals.list({ termId: termId ?? undefined, ownerIds: path });
    return lineOfSight(goals, path).map(toGoal);
  }
}
