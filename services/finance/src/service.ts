import { OrgDirectory, startService, type Logger, type RunningService, type SubgraphOptions } from '@performa/platform';
import { financeConsumer } from './events/consumers/finance.consumer';
import { TOPICS } from './events/published';
import type { FinanceEnvironment } from './environment';
import type { FinanceDeps } from './schema/deps';
import { financeReferenceResolvers } from './schema/finance.reference';
import { FinanceResolver, OrgUnitFinanceResolver } from './schema/finance.resolver';
import { OrgUnit } from './schema/types';
import { ActualsStore } from './store/actuals.store';
import { BudgetStore } from './store/budget.store';
import { ForecastStore } from './store/forecast.store';
import { registerModels } from './store/models';
import { RollupStore } from './store/rollup.store';
import { feedModel, SummaryFeed } from './store/summary-feed.store';

export type FinanceService = RunningService<FinanceDeps>;

// OrgUnit is reachable from no query here, only extended: named so the schema keeps it
export const financeSubgraph: SubgraphOptions = { resolvers: [FinanceResolver, OrgUnitFinanceResolver], orphanedTypes: [OrgUnit], referenceResolvers: financeReferenceResolvers };

/** Starts finance: accounts, budgets, actuals and forecasts, rolled up over its projection of hr's org tree. */
export function startFinance(env: FinanceEnvironment, logger: Logger, options: { now?: () => Date } = {}): Promise<FinanceService> {
  return startService<FinanceDeps>({
    name: 'finance',
    env,
    logger,
    // a batch of 100 000 actual outcomes is about 9 MB of JSON
    maxBodyBytes: 32 * 1024 * 1024,
    define: ({ connection, events, relay }) => {
      const models = registerModels(connection);
      const org = new OrgDirectory(models.OrgUnit);
      const rollups = new RollupStore(models, org);
      const feed = new SummaryFeed(models, feedModel(connection), rollups, org, events);
      return {
        deps: {
          models,
          org,
          rollups,
          budgets: new BudgetStore(models, rollups, events),
          actuals: new ActualsStore(models, rollups, events, logger),
          forecasts: new ForecastStore(models, rollups, events),
          relay,
          now: options.now ?? (() => new Date()),
        },
        outboxModels: [models.Budget, models.Batch, models.Forecast, feed.feed],
        publishes: Object.values(TOPICS),
        consumers: [financeConsumer({ models, rollups, feed })],
        subgraph: financeSubgraph,
      };
    },
  });
}
