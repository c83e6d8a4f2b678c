/** What scorecard announces, and the feeds it reads (contracts in schemas/events). */
export const TOPICS = {
  indicator: 'scorecard.indicator.v1',
  fulfilment: 'scorecard.goal-fulfilment.v1',
} as const;

export const FEEDS = {
  hrMetrics: 'hr.metrics.v1',
  financeSummary: 'finance.summary.v1',
} as const;
