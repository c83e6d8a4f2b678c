/** Dates are "YYYY-MM-DD" and months "YYYY-MM" strings; arithmetic is on UTC day numbers. */
const DAY = 86_400_000;

export function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY;
}

export function monthOf(date: string): string {
  return date.slice(0, 7);
}

export function firstDay(month: string): string {
  return `${month}-01`;
}

export function lastDay(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m, 0));
  return d.toISOString().slice(0, 10);
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

export function addDays(date: string, n: number): string {
  return new Date((dayNumber(date) + n) * DAY).toISOString().slice(0, 10);
}

/** Months from `from` to `to` inclusive, oldest first. */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

/** Days in the overlap of two inclusive date ranges; an open end (null) runs forever. */
export function overlapDays(aFrom: string, aTo: string | null, bFrom: string, bTo: string | null): number {
  const from = Math.max(dayNumber(aFrom), dayNumber(bFrom));
  const to = Math.min(aTo ? dayNumber(aTo) : Infinity, bTo ? dayNumber(bTo) : Infinity);
  return to >= from ? to - from + 1 : 0;
}

export function covers(from: string, to: string | null, date: string): boolean {
  return from <= date && (to === null || to >= date);
}
