import type { OutboxRelay, RequestContext } from '@performa/platform';
import type { EmployeeStore } from '../store/employee.store';
import type { MetricsStore } from '../store/metrics.store';
import type { AgreementStore } from '../store/agreement.store';
import type { HrModels } from '../store/models';
import type { OrgUnitStore } from '../store/org-unit.store';

export interface HrDeps {
  orgUnits: OrgUnitStore;
  employees: EmployeeStore;
  metrics: MetricsStore;
  agreements: AgreementStore;
  models: HrModels;
  relay: () => OutboxRelay;
  now: () => Date;
}

export type HrContext = RequestContext<HrDeps>;

export function today(ctx: HrContext): string {
  return ctx.deps.now().toISOString().slice(0, 10);
}

export { originOf as origin } from '@performa/platform';
