/**
 * Working days for reporting deadlines: Monday to Friday, less the configured public holidays
 * (dates as YYYY-MM-DD). Dates are calendar dates in UTC.
 */
export function nthWorkingDay(month: string, n: number, holidays: ReadonlySet<string> = new Set()): string {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  let seen = 0;
  for (let day = 1; day <= 31; day += 1) {
    const date = new Date(Date.UTC(year, mon - 1, day));
    if (date.getUTCMonth() !== mon - 1) break;
    const weekday = date.getUTCDay();
    const iso = date.toISOString().slice(0, 10);
    if (weekday === 0 || weekday === 6 || holidays.has(iso)) continue;
    seen += 1;
    if (seen === n) return iso;
  }
  // fewer working days than n: the deadline is the month's last day
  return new Date(Date.UTC(year, mon, 0)).toISOString().slice(0, 10);
}

export function previousMonth(month: string): string {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  return mon === 1 ? `${year - 1}-12` : `${year}-${String(mon - 1).padStart(2, '0')}`;
}

/**
 * The month whose figures are overdue on `today` (YYYY-MM-DD): the previous month, once today is
 * on or past this month's `deadlineWorkingDay`-th working day; before that, null (nothing is late yet).
 */
export function monthOverdue(today: string, deadlineWorkingDay: number, holidays: ReadonlySet<string> = new Set()): string | null {
  const month = today.slice(0, 7);
  return today >= nthWorkingDay(month, deadlineWorkingDay, holidays) ? previousMonth(month) : null;
}

/** The first day of the month after `month`, as a Date at midnight UTC. */
export function startOfNextMonth(month: string): Date {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, mon, 1));
}
