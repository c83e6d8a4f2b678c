export { scorecardSubgraph, startScorecard, type ScorecardService } from './service';
export { loadEnvironment, scorecardEnvironment, type ScorecardEnvironment } from './environment';
