import { addMonths, covers, firstDay, lastDay, overlapDays } from './calendar';

/** A stint in one unit: `to` is null while it lasts. */
export interface Placement {
  unitId: string;
  from: string;
  to: string | null;
}

export interface SickSpell {
  from: string;
  to: string;
  /** 25, 50, 75 or 100: the share of the working day lost */
  percent: number;
}

/** What the metrics need of an employee: no names, no contact details. */
export interface EmploymentRecord {
  /** needed only for agreement coverage */
  id?: string;
  fte: number;
  startDate: string;
  endDate: string | null;
  placements: Placement[];
  sickLeave: SickSpell[];
}

export interface HrMetricsFigures {
  month: string;
  headcount: number;
  fte: number;
  /** percent 0–100 */
  sickLeaveRate: number;
  /** percent 0–100 */
  turnoverRate: number;
  /** percent 0–100: of the month-end headcount, those with a signed agreement for the year */
  agreementCoverage: number;
}

const round = (value: number, decimals: number) => Math.round(value * 10 ** decimals) / 10 ** decimals;

/** The placement inside the subtree on `date`, if the employee is employed there that day. */
function placedOn(record: EmploymentRecord, units: ReadonlySet<string>, date: string): Placement | undefined {
  if (!covers(record.startDate, record.endDate, date)) return undefined;
  return record.placements.find((p) => units.has(p.unitId) && covers(p.from, p.to, date));
}

export function headcountOn(records: readonly EmploymentRecord[], units: ReadonlySet<string>, date: string): { headcount: number; fte: number } {
  let headcount = 0;
  let fte = 0;
  for (const record of records) {
    if (placedOn(record, units, date)) {
      headcount += 1;
      fte += record.fte;
    }
  }
  return { headcount, fte };
}

/**
 * HR metrics of a subtree for a month (API.md):
 * - headcount / fte: employees employed in the subtree on the month's last day;
 * - sickLeaveRate: sick days × percent × FTE / employed days × FTE within the month, as a percentage;
 * - turnoverRate: employees whose employment ended in the subtree during the 12 months to the month's
 *   end / the average of the 12 month-end headcounts, as a percentage. A transfer is not a leaver;
 * - agreementCoverage: of the month-end headcount, those with a signed agreement for the year.
 */
export function computeHrMetrics(records: readonly EmploymentRecord[], units: ReadonlySet<string>, month: string, signedAgreements: ReadonlySet<string> = new Set()): HrMetricsFigures {
  const end = lastDay(month);
  const start = firstDay(month);
  const { headcount, fte } = headcountOn(records, units, end);
  const covered = records.filter((r) => r.id !== undefined && signedAgreements.has(r.id) && placedOn(r, units, end)).length;

  let scheduled = 0;
  let sick = 0;
  for (const record of records) {
    for (const placement of record.placements) {
      if (!units.has(placement.unitId)) continue;
      // the days of this month the employee was employed and placed in the subtree
      const placedFrom = placement.from > record.startDate ? placement.from : record.startDate;
      const placedTo = minDate(placement.to, record.endDate);
      const days = overlapDays(placedFrom, placedTo, start, end);
      if (days === 0) continue;
      scheduled += days * record.fte;
      for (const spell of record.sickLeave) {
        const windowFrom = placedFrom > start ? placedFrom : start;
        const windowTo = minDate(placedTo, end) as string;
        sick += overlapDays(spell.from, spell.to, windowFrom, windowTo) * (spell.percent / 100) * record.fte;
      }
    }
  }

  const windowStart = firstDay(addMonths(month, -11));
  let leavers = 0;
  for (const record of records) {
    if (record.endDate && record.endDate >= windowStart && record.endDate <= end && placedOn(record, units, record.endDate)) leavers += 1;
  }
  let headcounts = 0;
  for (let i = 11; i >= 0; i -= 1) headcounts += headcountOn(records, units, lastDay(addMonths(month, -i))).headcount;
  const averageHeadcount = headcounts / 12;

  return {
    month,
    headcount,
    fte: round(fte, 2),
    sickLeaveRate: scheduled === 0 ? 0 : round((sick / scheduled) * 100, 2),
    turnoverRate: averageHeadcount === 0 ? 0 : round((leavers / averageHeadcount) * 100, 2),
    agreementCoverage: headcount === 0 ? 0 : round((covered / headcount) * 100, 2),
  };
}

function minDate(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a < b ? a : b;
}
