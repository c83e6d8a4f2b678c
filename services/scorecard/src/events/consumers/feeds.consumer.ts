import { goalProjectionSubscription, op, orgProjectionSubscription, type ConsumerSpec, type EventEnvelope } from '@performa/platform';
import type { MeasurementStore } from '../../store/measurement.store';
import type { ScorecardModels, Source } from '../../store/models';
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
  const feed = async (e: EventEnvelope, unitId: string, month: string, version: number, values: Partial<Record<Source, number | null>>) => {
    const sources = Object.keys(values) as Source[];
    const indicators = await deps.models.Indicator.find({ ownerId: unitId, source: op({ $in: sources }) }).lean();
    for (const indicator of indicators) {
      const value = values[indicator.source];
      if (value === null || value === undefined) continue;
      await deps.measurements.record(indicator, month, value, null, origin(e), version);
    }
  };
  return {
    group: 'scorecard',
    subscriptions: [
      orgProjectionSubscription(deps.models.OrgUnit),
      goalProjectionSubscription(deps.models.Goal),
      {
        topic: FEEDS.hrMetrics,
        handlers: {
          'hr.HrMetricsChanged': async (e) => {
            const m = e.data as unknown as HrMetrics;
            await feed(e, m.unitId, m.month, m.version, { HR_SICK_LEAVE_RATE: m.sickLeaveRate, HR_HEADCOUNT: m.headcount, HR_TURNOVER_RATE: m.turnoverRate, HR_AGREEMENT_COVERAGE: m.agreementCoverage ?? null });
          },
        },
      },
      {
        topic: FEEDS.financeSummary,
        handlers: {
          'finance.FinancialSummaryChanged': async (e) => {
            const s = e.data as unknown as FinanceSummary;
            await feed(e, s.unitId, s.month, s.version, { FINANCE_DEVIATION_PERCENT: s.deviationPercent, FINANCE_FORECAST_DEVIATION_PERCENT: s.forecastDeviationPercent });
          },
        },
      },
    ],
  };
}
