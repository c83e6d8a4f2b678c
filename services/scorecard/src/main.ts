import { runMain } from '@performa/platform';
import { loadEnvironment } from './environment';
import { startScorecard } from './service';

runMain('scorecard', () => loadEnvironment(), startScorecard);
