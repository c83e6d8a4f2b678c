export { financeSubgraph, startFinance, type FinanceService } from './service';
export { loadEnvironment, financeEnvironment, type FinanceEnvironment } from './environment';
export { TOPICS as FINANCE_TOPICS } from './events/published';
