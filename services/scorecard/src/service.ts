import { OrgDirectory, startService, type Logger, type RunningService, type SubgraphOptions } from '@performa/platform';
import { feedsConsumer } from './events/consumers/feeds.consumer';
import { TOPICS } from './events/published';
import type { ScorecardEnvironment } from './environment';
import type { ScorecardDeps } from './schema/deps';
import { IndicatorResolver } from './schema/indicator.resolver';
import { scorecardReferenceResolvers } from './schema/scorecard.reference';
import { GoalIndicatorsResolver, ScorecardResolver } from './schema/scorecard.resolver';
import { Goal, OrgUnit } from './schema/types';
import { MeasurementStore } from './store/measurement.store';
import { registerModels } from './store/models';

export type ScorecardService = RunningService<ScorecardDeps>;

export const scorecardSubgraph: SubgraphOptions = {
  resolvers: [IndicatorResolver, ScorecardResolver, GoalIndicatorsResolver],
  orphanedTypes: [OrgUnit, Goal],
  referenceResolvers: scorecardReferenceResolvers,
};

/** Starts scorecard: indicators, lights, goal fulfilment, fed by hr's and finance's figures. */
export function startScorecard(env: ScorecardEnvironment, logger: Logger): Promise<ScorecardService> {
  return startService<ScorecardDeps>({
    name: 'scorecard',
    env,
    logger,
    define: ({ connection, events, relay }) => {
      const models = registerModels(connection);
      const measurements = new MeasurementStore(models, events);
      return {
        deps: { models, org: new OrgDirectory(models.OrgUnit), measurements, events, relay },
        outboxModels: [models.Indicator, models.Measurement, models.Fulfilment],
        publishes: Object.values(TOPICS),
        consumers: [feedsConsumer({ models, measurements })],
        subgraph: scorecardSubgraph,
      };
    },
  });
}
