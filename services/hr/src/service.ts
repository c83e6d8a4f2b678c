import { startService, type Logger, type RunningService, type SubgraphOptions } from '@performa/platform';
import { goalsConsumer } from './events/consumers/goals.consumer';
import { metricsConsumer } from './events/consumers/metrics.consumer';
import { AgreementResolver, EmployeeAgreementResolver, GoalContributionsResolver } from './schema/agreement.resolver';
import { Goal } from './schema/agreement.type';
import { AgreementStore } from './store/agreement.store';
import { TOPICS } from './events/published';
import type { HrEnvironment } from './environment';
import type { HrDeps } from './schema/deps';
import { EmployeeResolver } from './schema/employee.resolver';
import { hrReferenceResolvers } from './schema/hr.reference';
import { OrgUnitResolver } from './schema/org-unit.resolver';
import { EmployeeStore } from './store/employee.store';
import { MetricsStore } from './store/metrics.store';
import { registerModels } from './store/models';
import { OrgUnitStore } from './store/org-unit.store';

export type HrService = RunningService<HrDeps>;

/** hr's part of the graph: also what the composition script prints to schemas/hr.graphql. */
export const hrSubgraph: SubgraphOptions = {
  resolvers: [OrgUnitResolver, EmployeeResolver, AgreementResolver, EmployeeAgreementResolver, GoalContributionsResolver],
  orphanedTypes: [Goal],
  referenceResolvers: hrReferenceResolvers,
};

/** Starts hr: the org tree and employees, their events, and the HR metrics it derives from them. */
export function startHr(env: HrEnvironment, logger: Logger, options: { now?: () => Date } = {}): Promise<HrService> {
  const now = options.now ?? (() => new Date());
  return startService<HrDeps>({
    name: 'hr',
    env,
    logger,
    define: async ({ connection, events, relay }) => {
      const models = registerModels(connection);
      const orgUnits = new OrgUnitStore(models, events);
      await orgUnits.repairAncestors(logger);
      const employees = new EmployeeStore(models, events);
      const metrics = new MetricsStore(models, orgUnits.directory, employees, events);
      const agreements = new AgreementStore(models, events);
      return {
        deps: { orgUnits, employees, metrics, agreements, models, relay, now },
        outboxModels: [models.OrgUnit, models.Employee, models.HrMetrics, models.Agreement],
        publishes: Object.values(TOPICS),
        consumers: [metricsConsumer({ metrics, org: orgUnits.directory, now }), goalsConsumer({ models, agreements })],
        subgraph: hrSubgraph,
      };
    },
  });
}
