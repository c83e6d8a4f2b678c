import { loaders, type StrategyContext } from './deps';
import { toGoal } from './goal.resolver';

/** Other subgraphs' references: goals batched through the loader; org units need only their id. */
export const strategyReferenceResolvers = {
  Goal: {
    __resolveReference: async (ref: { id: string }, ctx: StrategyContext) => {
      const goal = await loaders(ctx).goal.load(ref.id);
      return goal ? toGoal(goal) : null;
    },
  },
  OrgUnit: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
  },
};
