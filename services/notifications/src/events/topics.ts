/** What notifications reads (contracts in schemas/events). It publishes nothing. */
export const FEEDS = {
  indicators: 'scorecard.indicator.v1',
  fulfilment: 'scorecard.goal-fulfilment.v1',
  agreements: 'hr.agreement.v1',
  budgets: 'finance.budget.v1',
  forecasts: 'finance.forecast.v1',
} as const;
