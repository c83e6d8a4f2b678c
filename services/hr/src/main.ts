import { runMain } from '@performa/platform';
import { loadEnvironment } from './environment';
import { startHr } from './service';

runMain('hr', () => loadEnvironment(), startHr);
