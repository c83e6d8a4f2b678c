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
  // only a move changes which roll-ups a unit's figures belong to; a rename or a new manager does not
  const projection = orgProjectionSubscription(deps.models.OrgUnit, async (_unit, event) => {
    if (event.type === 'hr.OrgUnitMoved') await deps.rollups.recomputeAll();
  });

  /** What a set of events asks for: the roll-ups to recompute, then the feed to publish. */
  async function apply(events: EventEnvelope[]): Promise<void> {
    const budgetYears = new Set<number>();
    const forecastYears = new Set<number>();
    const feedUnits = new Set<string>();
    const feedMonths = new Set<string>();
    for (const e of events) {
      if (e.type === 'finance.BudgetChanged') {
        const data = e.data as { unitId: string; year: number };
        budgetYears.add(data.year);
        const months = await deps.feed.monthsWithActuals(data.unitId, data.year);
        if (months.length > 0) feedUnits.add(data.unitId);
        months.forEach((m) => feedMonths.add(m));
      } else if (e.type === 'finance.ActualsPosted') {
        const data = e.data as { months: string[]; totals: Array<{ unitId: string }> };
        data.totals.forEach((t) => feedUnits.add(t.unitId));
        data.months.forEach((m) => feedMonths.add(m));
      } else if (e.type === 'finance.ForecastSubmitted') {
        const data = e.data as { unitId: string; year: number; month: string };
        forecastYears.add(data.year);
        feedUnits.add(data.unitId);
        feedMonths.add(data.month);
      } else {
        await projection.handlers[e.type]?.(e, { topic: '', partition: 0, offset: '' });
      }
    }
    for (const year of budgetYears) await deps.rollups.recomputeBudgets(year);
    for (const year of forecastYears) await deps.rollups.recomputeForecasts(year);
    const first = events[0];
    if (first && feedUnits.size > 0 && feedMonths.size > 0) await deps.feed.publish(await deps.feed.chains([...feedUnits]), [...feedMonths].sort(), origin(first));
  }
  const one = async (e: EventEnvelope) => apply([e]);

  return {
    group: 'finance',
    subscriptions: [
      projection,
      { topic: TOPICS.budget, handlers: { 'finance.BudgetChanged': one } },
      // the feed for scorecard: every unit whose roll-up a batch touched, for the batch's months
      { topic: TOPICS.actuals, handlers: { 'finance.ActualsPosted': one } },
      { topic: TOPICS.forecast, handlers: { 'finance.ForecastSubmitted': one } },
    ],
    // a year's budget roll-up is recomputed once for all the budget events of a fetch, not once each
    batchHandler: apply,
  };
}
