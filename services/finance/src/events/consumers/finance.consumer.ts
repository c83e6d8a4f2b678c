import { orgProjectionSubscription, type ConsumerSpec, type EventEnvelope } from '@performa/platform';
import type { SummaryFeed } from '../../store/summary-feed.store';
import type { FinanceModels } from '../../store/models';
import type { RollupStore } from '../../store/rollup.store';
import { TOPICS } from '../published';

/**
 * finance's consumer group: hr's org units into its projection (a move re-rolls everything up),
 * and its own events: budget and forecast events recompute the roll-ups (a crash between a write
 * (whose event is committed with it) and its inline roll-up is repaired when the event arrives;
 * a batch's event is only written after its roll-up). All three then feed the summary feed that
 * scorecard reads. Everything here recomputes from records, so a redelivery changes nothing.
 */
export function financeConsumer(deps: { models: FinanceModels; rollups: RollupStore; feed: SummaryFeed }): ConsumerSpec {
  const origin = (e: EventEnvelope) => ({ tenant: e.tenant, actor: 'system' });
  return {
    group: 'finance',
    subscriptions: [
      orgProjectionSubscription(deps.models.OrgUnit, async (unit) => {
        if (unit.version > 1) await deps.rollups.recomputeAll();
      }),
      {
        topic: TOPICS.budget,
        handlers: {
          'finance.BudgetChanged': async (e) => {
            const data = e.data as { unitId: string; year: number };
            await deps.rollups.recomputeBudgets(data.year);
            const chain = await deps.feed.chains([data.unitId]);
            await deps.feed.publish(chain, await deps.feed.monthsWithActuals(data.unitId, data.year), origin(e));
          },
        },
      },
      {
        // the feed for scorecard: every unit whose roll-up a batch touched, for the batch's months
        topic: TOPICS.actuals,
        handlers: {
          'finance.ActualsPosted': async (e) => {
            const data = e.data as { months: string[]; totals: Array<{ unitId: string }> };
            await deps.feed.publish(await deps.feed.chains([...new Set(data.totals.map((t) => t.unitId))]), data.months, origin(e));
          },
        },
      },
      {
        topic: TOPICS.forecast,
        handlers: {
          'finance.ForecastSubmitted': async (e) => {
            const data = e.data as { unitId: string; year: number; month: string };
            await deps.rollups.recomputeForecasts(data.year);
            await deps.feed.publish(await deps.feed.chains([data.unitId]), [data.month], origin(e));
          },
        },
      },
    ],
  };
}
