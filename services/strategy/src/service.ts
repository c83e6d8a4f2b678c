import { OrgDirectory, startService, type Logger, type RunningService, type SubgraphOptions } from '@performa/platform';
import { strategyConsumer } from './events/consumers/goal-fulfilment.consumer';
import { TOPICS } from './events/published';
import type { StrategyEnvironment } from './environment';
import { ActivityResolver } from './schema/activity.resolver';
import type { StrategyDeps } from './schema/deps';
import { GoalResolver } from './schema/goal.resolver';
import { OrgUnitGoalsResolver } from './schema/org-unit.extension';
import { strategyReferenceResolvers } from './schema/strategy.reference';
import { VisionResolver } from './schema/vision.resolver';
import { ActivityStore } from './store/activity.store';
import { GoalStore } from './store/goal.store';
import { registerModels } from './store/models';
import { TermStore } from './store/term.store';

export type StrategyService = RunningService<StrategyDeps>;

export const strategySubgraph: SubgraphOptions = {
  resolvers: [VisionResolver, GoalResolver, ActivityResolver, OrgUnitGoalsResolver],
  referenceResolvers: strategyReferenceResolvers,
};

/** Starts strategy: vision, terms, cascading goals and activities, over its projection of hr's org tree. */
export function startStrategy(env: StrategyEnvironment, logger: Logger, options: { now?: () => Date } = {}): Promise<StrategyService> {
  return startService<StrategyDeps>({
    name: 'strategy',
    env,
    logger,
    define: ({ connection, events, relay }) => {
      const models = registerModels(connection);
      const goals = new GoalStore(models, events);
      return {
        deps: { goals, activities: new ActivityStore(models, events), terms: new TermStore(models), org: new OrgDirectory(models.OrgUnit), relay, now: options.now ?? (() => new Date()) },
        outboxModels: [models.Goal, models.Activity],
        publishes: Object.values(TOPICS),
        consumers: [strategyConsumer({ models, goals })],
        subgraph: strategySubgraph,
      };
    },
  });
}
