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

  /** The units and months whose figures an event can change; null when it changes none. */
  const scopes: Record<string, (event: EventEnvelope) => Promise<{ units: string[]; months: string[] } | null>> = {
    'hr.EmployeeHired': async (event) => {
      const data = event.data as unknown as EmployeeHired;
      return { units: await chain([data.unitId]), months: affectedMonths(monthOf(data.startDate), currentMonth()) };
    },
    'hr.EmployeeTransferred': async (event) => {
      const data = event.data as unknown as EmployeeTransferred;
      return { units: await chain([data.fromUnitId, data.toUnitId]), months: affectedMonths(monthOf(data.date), currentMonth()) };
    },
    'hr.EmployeeTerminated': async (event) => {
      const data = event.data as unknown as EmployeeTerminated;
      return { units: await chain([data.unitId]), months: affectedMonths(monthOf(data.endDate), currentMonth()) };
    },
    'hr.SickLeaveReported': async (event) => {
      const data = event.data as unknown as SickLeaveReported;
      return { units: await chain([data.unitId]), months: data.months.slice(-MAX_MONTHS) };
    },
    // a fully signed agreement changes its unit's coverage for every month of the year so far
    'hr.AgreementSigned': async (event) => {
      const data = event.data as unknown as AgreementSigned;
      if (data.status !== 'SIGNED') return null;
      return { units: await chain([data.unitId]), months: affectedMonths(`${data.year}-01`, currentMonth()).filter((m) => m.startsWith(`${data.year}-`)) };
    },
    // a moved subtree changes the totals of its old and its new ancestors
    'hr.OrgUnitMoved': async (event) => {
      const data = event.data as unknown as { id: string; ancestors: string[]; previousAncestors: string[] };
      return { units: [...new Set([...data.previousAncestors, ...data.ancestors, data.id])], months: [currentMonth()] };
    },
  };
  const handler = async (event: EventEnvelope) => {
    const scope = await scopes[event.type]?.(event);
    if (scope) await deps.metrics.refresh(scope.units, scope.months, origin(event));
  };
  const subscription = (topic: string, types: string[]) => ({ topic, handlers: Object.fromEntries(types.map((t) => [t, handler])) });
  return {
    group: 'hr.metrics',
    subscriptions: [
      subscription(TOPICS.employee, ['hr.EmployeeHired', 'hr.EmployeeTransferred', 'hr.EmployeeTerminated', 'hr.SickLeaveReported']),
      subscription(TOPICS.agreement, ['hr.AgreementSigned']),
      subscription(TOPICS.orgUnit, ['hr.OrgUnitMoved']),
    ],
    // a fetch's worth of changes is one recomputation of every unit and month they touch: hiring
    // 8,500 people recomputes the municipality's figures a few dozen times, not 8,500 times
    batchHandler: async (events) => {
      const units = new Set<string>();
      const months = new Set<string>();
      for (const event of events) {
        const scope = await scopes[event.type]?.(event);
        scope?.units.forEach((u) => units.add(u));
        scope?.months.forEach((m) => months.add(m));
      }
      const first = events[0];
      if (first && units.size > 0) await deps.metrics.refresh([...units], [...months].sort(), origin(first));
    },
  };
}
