import type { OutboxRelay, RequestContext } from '@performa/platform';
import type { EmployeeStore } from '../store/employee.store';
import type { MetricsStore } from '../store/metrics.store';
import type { OrgUnitStore } from '../store/org-unit.store';

export interface HrDeps {
  orgUnits: OrgUnitStore;
  employees: EmployeeStore;
  metrics: MetricsStore;
  relay: () => OutboxRelay;
  now: () => Date;
}

export type HrContext = RequestContext<HrDeps>;

export function today(ctx: HrContext): string {
  return ctx.deps.now().toISOString().slice(0, 10);
}

export { originOf as origin } from '@performa/platform';
