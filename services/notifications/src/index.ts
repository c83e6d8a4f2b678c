export { notificationsSubgraph, startNotifications, type NotificationsService } from './service';
export { loadEnvironment, notificationsEnvironment, type NotificationsEnvironment } from './environment';
export { NOTIFICATION_KINDS, type NotificationKind } from './domain/kinds';
export { SIGNATURE_HEADER, signPayload, verifySignature } from './domain/signature';
