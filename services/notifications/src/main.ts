import { runMain } from '@performa/platform';
import { loadEnvironment } from './environment';
import { startNotifications } from './service';

runMain('notifications', () => loadEnvironment(), startNotifications);
