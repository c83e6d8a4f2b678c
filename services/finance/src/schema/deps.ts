import DataLoader from 'dataloader';
import { perRequest, type OrgDirectory, type OrgUnitSnapshot, type OutboxRelay, type RequestContext } from '@performa/platform';
import type { ActualsStore } from '../store/actuals.store';
import type { BudgetStore } from '../store/budget.store';
import type { ForecastStore } from '../store/forecast.store';
import type { FinanceModels } from '../store/models';
import type { RollupStore } from '../store/rollup.store';

export interface FinanceDeps {
  models: FinanceModels;
  org: OrgDirectory;
  rollups: RollupStore;
  budgets: BudgetStore;
  actuals: ActualsStore;
  forecasts: ForecastStore;
  relay: () => OutboxRelay;
  now: () => Date;
}

export type FinanceContext = RequestContext<FinanceDeps>;

export { originOf as origin } from '@performa/platform';

export const loaders = perRequest((ctx: FinanceContext) => ({
  orgUnit: new DataLoader<string, OrgUnitSnapshot | null>((ids) => ctx.deps.org.getMany(ids)),
}));
