/** What finance announces (contracts in schemas/events); amounts in öre, net cost. */
export const TOPICS = {
  budget: 'finance.budget.v1',
  actuals: 'finance.actuals.v1',
  forecast: 'finance.forecast.v1',
  summary: 'finance.summary.v1',
} as const;

export function budgetEvent(type: 'finance.BudgetChanged' | 'finance.BudgetApproved', data: { unitId: string; year: number; budgetYearOre: number; status: 'DRAFT' | 'APPROVED'; version: number }) {
  return { topic: TOPICS.budget, type, subject: data.unitId, data };
}

export interface UnitMonthTotal {
  unitId: string;
  month: string;
  netOre: number;
}

export function actualsEvent(data: { batchId: string; entryCount: number; months: string[]; totals: UnitMonthTotal[] }) {
  return { topic: TOPICS.actuals, type: 'finance.ActualsPosted', subject: data.batchId, data };
}

export function forecastEvent(data: { forecastId: string; unitId: string; year: number; month: string; yearEndOre: number }) {
  return { topic: TOPICS.forecast, type: 'finance.ForecastSubmitted', subject: data.unitId, data };
}
