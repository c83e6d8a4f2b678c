import { z } from 'zod';
import { parseEnvironment, serviceEnvironment, withPort } from '@performa/platform';

const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

/** notifications' settings: the shared service settings, its port (default 4005), webhooks and the scheduled checks. */
export const notificationsEnvironment = serviceEnvironment.and(withPort(4005)).and(
  z.object({
    /** attempts per webhook delivery before it is recorded as FAILED */
    WEBHOOK_MAX_ATTEMPTS: int(1, 50, 8),
    /** the first retry's delay; each next one doubles, up to WEBHOOK_MAX_BACKOFF_MS */
    WEBHOOK_BACKOFF_MS: int(10, 3_600_000, 2_000),
    WEBHOOK_MAX_BACKOFF_MS: int(10, 86_400_000, 3_600_000),
    WEBHOOK_TIMEOUT_MS: int(100, 60_000, 5_000),
    WEBHOOK_POLL_MS: int(10, 60_000, 1_000),
    /** manual indicators must have last month's value by this working day (default the 5th) */
    REPORTING_DEADLINE_WORKING_DAY: int(1, 23, 5),
    /** units with a budget must have forecast last month by this working day (default the 5th) */
    FORECAST_DEADLINE_WORKING_DAY: int(1, 23, 5),
    /** public holidays that are not working days, comma-separated YYYY-MM-DD */
    NON_WORKING_DAYS: z
      .string()
      .default('')
      .transform((v) => v.split(',').map((d) => d.trim()).filter(Boolean))
      .refine((days) => days.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)), 'must be comma-separated YYYY-MM-DD dates'),
    /** how often the scheduled checks run; the first run waits one interval, so projections catch up first; 0 turns them off */
    CHECK_INTERVAL_MS: int(0, 86_400_000, 900_000),
    /** events older than this update projections but notify no one (a replay of history is not news) */
    NOTIFY_MAX_EVENT_AGE_HOURS: int(1, 8_760, 24),
  }),
);

export type NotificationsEnvironment = ReturnType<typeof loadEnvironment>;

export function loadEnvironment(env: NodeJS.ProcessEnv = process.env) {
  return parseEnvironment(notificationsEnvironment, env);
}
