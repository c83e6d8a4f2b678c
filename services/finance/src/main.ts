import { runMain } from '@performa/platform';
import { loadEnvironment } from './environment';
import { startFinance } from './service';

runMain('finance', () => loadEnvironment(), startFinance);
