import type { RequestContext } from '@performa/platform';
import type { NotificationModels } from '../store/models';

export interface NotificationsDeps {
  models: NotificationModels;
}

export type NotificationsContext = RequestContext<NotificationsDeps>;
