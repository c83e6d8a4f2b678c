import { runMain } from '@performa/platform';
import { loadEnvironment } from './environment';
import { startGateway } from './gateway';

runMain('gateway', () => loadEnvironment(), (env, logger) => startGateway(env, logger));
