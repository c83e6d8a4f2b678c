import { goalProjectionSubscription, op, orgProjectionSubscription, type ConsumerSpec, type EventEnvelope } from '@performa/platform';
import type { MeasurementStore } from '../../store/measurement.store';
import type { IndicatorRecord, ScorecardModels, Source } from '../../store/models';
import { FEEDS } from '../published';

interface HrMetrics {
  unitId: string;
  month: string;
  headcount: number;
  sickLeaveRate: number;
  turnoverRate: number;
  /** absent in events from before agreements existed */
  agreementCoverage?: number;
  version: number;
}

interface FinanceSummary {
  unitId: string;
  month: string;
  deviationPercent: number;
  forecastDeviationPercent: number | null;
  version: number;
}

/**
 * scorecard's consumer group: the org and goal projections, and the automatic feeds. A fed
 * indicator of the event's unit gets a measurement for the event's month; the figure's version
 * guards it, so replaying a topic from the start leaves every measurement as it was.
 */
export function feedsConsumer(deps: { models: ScorecardModels; measurements: MeasurementStore }): ConsumerSpec {
  const origin = (e: EventEnvelope) => ({ tenant: e.tenant, actor: 'system' });

  /** What a feed event reports: a unit's figures for a month, at a version. */
  const reading = (e: EventEnvelope): { unitId: string; month: string; version: number; values: Partial<Record<Source, number | null>> } | null => {
    if (e.type === 'hr.HrMetricsChanged') {
      const m = e.data as unknown as HrMetrics;
      return { unitId: m.unitId, month: m.month, version: m.version, values: { HR_SICK_LEAVE_RATE: m.sickLeaveRate, HR_HEADCOUNT: m.headcount, HR_TURNOVER_RATE: m.turnoverRate, HR_AGREEMENT_COVERAGE: m.agreementCoverage ?? null } };
    }
    if (e.type === 'finance.FinancialSummaryChanged') {
      const f = e.data as unknown as FinanceSummary;
      return { unitId: f.unitId, month: f.month, version: f.version, values: { FINANCE_DEVIATION_PERCENT: f.deviationPercent, FINANCE_FORECAST_DEVIATION_PERCENT: f.forecastDeviationPercent } };
    }
    return null;
  };

  /** The fed indicators of the units, by unit: one read for a whole fetch of events, not one per event. */
  const fedIndicators = async (unitIds: string[]): Promise<Map<string, IndicatorRecord[]>> => {
    const byUnit = new Map<string, IndicatorRecord[]>();
    if (unitIds.length === 0) return byUnit;
    const found = await deps.models.Indicator.find({ ownerId: op({ $in: unitIds }), source: op({ $ne: 'MANUAL' }) }, { outbox: 0 }).lean<IndicatorRecord[]>();
    for (const indicator of found) byUnit.set(indicator.ownerId, [...(byUnit.get(indicator.ownerId) ?? []), indicator]);
    return byUnit;
  };

  const projections = [orgProjectionSubscription(deps.models.OrgUnit), goalProjectionSubscription(deps.models.Goal)];
  const projectionHandler = (type: string) => projections.find((p) => p.handlers[type])?.handlers[type];

  /** In the events' order: projections as they come, and each feed event's values into its unit's fed indicators. */
  const apply = async (events: EventEnvelope[]): Promise<void> => {
    const readings = events.map(reading);
    const indicators = await fedIndicators([...new Set(readings.flatMap((r) => (r ? [r.unitId] : [])))]);
    for (const [i, e] of events.entries()) {
      const r = readings[i];
      if (!r) {
        await projectionHandler(e.type)?.(e, { topic: '', partition: 0, offset: '' });
        continue;
      }
      for (const indicator of indicators.get(r.unitId) ?? []) {
        const value = r.values[indicator.source];
        if (value === null || value === undefined) continue;
        await deps.measurements.record(indicator, r.month, value, null, origin(e), r.version);
      }
    }
  };
  const one = async (e: EventEnvelope) => apply([e]);

  return {
    group: 'scorecard',
    subscriptions: [...projections, { topic: FEEDS.hrMetrics, handlers: { 'hr.HrMetricsChanged': one } }, { topic: FEEDS.financeSummary, handlers: { 'finance.FinancialSummaryChanged': one } }],
    // hr publishes dozens of metric changes per agreement or sick leave: a fetch's worth shares one read of the indicators
    batchHandler: apply,
  };
}
