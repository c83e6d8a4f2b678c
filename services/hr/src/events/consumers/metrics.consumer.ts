import type { ConsumerSpec, EventEnvelope, OrgDirectory } from '@performa/platform';
import { addMonths, monthOf, monthRange } from '../../domain/calendar';
import type { MetricsStore } from '../../store/metrics.store';
import { TOPICS, type EmployeeHired, type EmployeeTerminated, type EmployeeTransferred, type SickLeaveReported } from '../published';

interface AgreementSigned {
  unitId: string;
  year: number;
  status: string;
}

/** How far back a change is re-published: turnover looks 12 months back, so 13 months in all. */
const MAX_MONTHS = 13;

/**
 * The months whose metrics an effective date can change: from its month up to the current month
 * (a future date changes only its own month), at most the 13 most recent.
 */
export function affectedMonths(effectiveMonth: string, currentMonth: string): string[] {
  const to = effectiveMonth > currentMonth ? effectiveMonth : currentMonth;
  const from = effectiveMonth > addMonths(to, -(MAX_MONTHS - 1)) ? effectiveMonth : addMonths(to, -(MAX_MONTHS - 1));
  return monthRange(from, to);
}

/**
 * hr reacts to its own employee events: it recomputes the HR metrics of the units involved and all
 * their ancestors, and publishes hr.HrMetricsChanged where a figure changed. Recomputing from the
 * current state is idempotent, so a redelivered event publishes nothing new.
 */
export function metricsConsumer(deps: { metrics: MetricsStore; org: OrgDirectory; now: () => Date }): ConsumerSpec {
  const currentMonth = () => deps.now().toISOString().slice(0, 7);
  const chain = async (unitIds: string[]) => {
    const units = await deps.org.getMany(unitIds);
    return [...new Set(units.flatMap((u) => (u ? [...u.ancestors, u.id] : [])))];
  };
  const origin = (event: EventEnvelope) => ({ tenant: event.tenant, actor: 'system' });
  return {
    group: 'hr.metrics',
    subscriptions: [
      {
        topic: TOPICS.employee,
        handlers: {
          'hr.EmployeeHired': async (event) => {
            const data = event.data as unknown as EmployeeHired;
            await deps.metrics.refresh(await chain([data.unitId]), affectedMonths(monthOf(data.startDate), currentMonth()), origin(event));
          },
          'hr.EmployeeTransferred': async (event) => {
            const data = event.data as unknown as EmployeeTransferred;
            await deps.metrics.refresh(await chain([data.fromUnitId, data.toUnitId]), affectedMonths(monthOf(data.date), currentMonth()), origin(event));
          },
          'hr.EmployeeTerminated': async (event) => {
            const data = event.data as unknown as EmployeeTerminated;
            await deps.metrics.refresh(await chain([data.unitId]), affectedMonths(monthOf(data.endDate), currentMonth()), origin(event));
          },
          'hr.SickLeaveReported': async (event) => {
            const data = event.data as unknown as SickLeaveReported;
            await deps.metrics.refresh(await chain([data.unitId]), data.months.slice(-MAX_MONTHS), origin(event));
          },
        },
      },
      {
        // a fully signed agreement changes its unit's coverage for every month of the year so far
        topic: TOPICS.agreement,
        handlers: {
          'hr.AgreementSigned': async (event) => {
            const data = event.data as unknown as AgreementSigned;
            if (data.status !== 'SIGNED') return;
            const months = affectedMonths(`${data.year}-01`, currentMonth()).filter((m) => m.startsWith(`${data.year}-`));
            await deps.metrics.refresh(await chain([data.unitId]), months, origin(event));
          },
        },
      },
      {
        topic: TOPICS.orgUnit,
        handlers: {
          // a moved subtree changes the totals of its old and its new ancestors
          'hr.OrgUnitMoved': async (event) => {
            const data = event.data as unknown as { id: string; ancestors: string[]; previousAncestors: string[] };
            await deps.metrics.refresh([...new Set([...data.previousAncestors, ...data.ancestors, data.id])], [currentMonth()], origin(event));
          },
        },
      },
    ],
  };
}
