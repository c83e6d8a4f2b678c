export { startStrategy, strategySubgraph, type StrategyService } from './service';
export { loadEnvironment, strategyEnvironment, type StrategyEnvironment } from './environment';
export { TOPICS as STRATEGY_TOPICS, GOAL_FULFILMENT_TOPIC } from './events/published';
