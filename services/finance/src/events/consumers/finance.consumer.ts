import { orgProjectionSubscription, type ConsumerSpec } from '@performa/platform';
import type { FinanceModels } from '../../store/models';
import type { RollupStore } from '../../store/rollup.store';
import { TOPICS } from '../published';

/**
 * finance's consumer group: hr's org units into its projection (a move re-rolls everything up),
 * and its own budget, actuals and forecast events, which recompute the roll-ups: a crash between a
 * write and its inline roll-up is repaired when the event arrives. Recomputing is idempotent.
 */
export function financeConsumer(deps: { models: FinanceModels; rollups: RollupStore }): ConsumerSpec {
  return {
    group: 'finance',
    subscriptions: [
      orgProjectionSubscription(deps.models.OrgUnit, async (unit) => {
        if (unit.version > 1) await deps.rollups.recomputeAll();
      }),
      {
        topic: TOPICS.budget,
        handlers: {
          'finance.BudgetChanged': async (e) => deps.rollups.recomputeBudgets((e.data as { year: number }).year),
        },
      },
      { topic: TOPICS.actuals, handlers: { 'finance.ActualsPosted': async (e) => deps.rollups.recomputeActuals((e.data as { months: string[] }).months) } },
      { topic: TOPICS.forecast, handlers: { 'finance.ForecastSubmitted': async (e) => deps.rollups.recomputeForecasts((e.data as { year: number }).year) } },
    ],
  };
}
