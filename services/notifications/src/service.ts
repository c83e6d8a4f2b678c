import { startService, type Logger, type RunningService, type SubgraphOptions } from '@performa/platform';
import { ScheduledChecks } from './checks';
import type { NotificationsEnvironment } from './environment';
import { notificationsConsumer } from './events/notifications.consumer';
import { Notifier } from './notifier';
import type { NotificationsDeps } from './schema/deps';
import { NotificationResolver, WebhookResolver } from './schema/notification.resolver';
import { registerModels } from './store/models';
import { createDeliveryWorker, type DeliveryWorker } from './webhooks/delivery-worker';

export interface NotificationsRuntime extends NotificationsDeps {
  notifier: Notifier;
  checks: ScheduledChecks;
  deliveries: DeliveryWorker;
}

export type NotificationsService = RunningService<NotificationsRuntime>;

export const notificationsSubgraph: SubgraphOptions = {
  resolvers: [NotificationResolver, WebhookResolver],
};

/**
 * Starts notifications: a consumer group that turns domain events into notifications for the
 * people who must act, a webhook delivery worker, and the scheduled reporting checks.
 */
export function startNotifications(env: NotificationsEnvironment, logger: Logger): Promise<NotificationsService> {
  let timer: NodeJS.Timeout | undefined;
  let deliveries: DeliveryWorker | undefined;
  return startService<NotificationsRuntime>({
    name: 'notifications',
    env,
    logger,
    define: ({ connection }) => {
      const models = registerModels(connection);
      deliveries = createDeliveryWorker({
        models,
        logger,
        pollMs: env.WEBHOOK_POLL_MS,
        maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
        backoffMs: env.WEBHOOK_BACKOFF_MS,
        maxBackoffMs: env.WEBHOOK_MAX_BACKOFF_MS,
        timeoutMs: env.WEBHOOK_TIMEOUT_MS,
      });
      const worker = deliveries;
      const notifier = new Notifier(models, () => worker.nudge());
      const checks = new ScheduledChecks(
        models,
        notifier,
        { reportingWorkingDay: env.REPORTING_DEADLINE_WORKING_DAY, forecastWorkingDay: env.FORECAST_DEADLINE_WORKING_DAY, holidays: new Set(env.NON_WORKING_DAYS) },
        logger.child({ component: 'scheduled-checks' }),
      );
      worker.start();
      if (env.CHECK_INTERVAL_MS > 0) {
        timer = setInterval(() => void checks.run().catch((e: Error) => logger.warn({ err: e.message }, 'scheduled checks failed')), env.CHECK_INTERVAL_MS);
        timer.unref();
      }
      return {
        deps: { models, notifier, checks, deliveries: worker },
        outboxModels: [],
        publishes: [],
        consumers: [notificationsConsumer({ models, notifier, maxEventAgeMs: env.NOTIFY_MAX_EVENT_AGE_HOURS * 3_600_000 })],
        subgraph: notificationsSubgraph,
        beforeStop: async () => {
          clearInterval(timer);
          await worker.stop();
        },
      };
    },
  }).catch(async (error: unknown) => {
    // a start that failed half-way leaves no timer or worker behind
    clearInterval(timer);
    await deliveries?.stop();
    throw error;
  });
}
