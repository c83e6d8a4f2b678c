export { hrSubgraph, startHr, type HrService } from './service';
export { loadEnvironment, hrEnvironment, type HrEnvironment } from './environment';
export { TOPICS as HR_TOPICS } from './events/published';
