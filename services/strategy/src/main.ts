import { runMain } from '@performa/platform';
import { loadEnvironment } from './environment';
import { startStrategy } from './service';

runMain('strategy', () => loadEnvironment(), startStrategy);
