import { createHash } from 'node:crypto';

/** What a notification is about; webhooks subscribe to kinds. */
export const NOTIFICATION_KINDS = [
  /** an indicator's light turned YELLOW or RED: the owner unit's manager and the parent unit's */
  'INDICATOR_LIGHT',
  /** a goal became OFF_TRACK: the manager of the goal's owner unit */
  'GOAL_OFF_TRACK',
  /** an agreement was drafted: the employee, who signs first */
  'AGREEMENT_TO_SIGN',
  /** the employee signed: the manager, who signs next */
  'AGREEMENT_SIGNED_BY_EMPLOYEE',
  /** manual indicators without last month's value by the reporting deadline: the unit's manager */
  'MEASUREMENT_MISSING',
  /** a unit with a budget but no forecast for last month: the unit's manager */
  'FORECAST_MISSING',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const isNotificationKind = (value: string): value is NotificationKind => (NOTIFICATION_KINDS as readonly string[]).includes(value);

/**
 * A notification's id, derived from what it is about: the same event (redelivered, or handled by
 * two replicas at once) or the same scheduled check (run twice) always yields the same id, and the
 * store's unique `_id` keeps one.
 */
export function notificationId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 32);
}
