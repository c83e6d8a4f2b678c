export { startGateway, type RunningGateway } from './gateway';
export { loadEnvironment, type GatewayEnvironment } from './environment';
export { compose, drift } from './compose';
