import { Schema, type Connection, type Model } from 'mongoose';
import { goalProjectionModel, orgProjectionModel, type GoalProjection, type OrgUnitDoc } from '@performa/platform';
import type { NotificationKind } from '../domain/kinds';

export interface NotificationRecord {
  /** derived from what it is about (domain/kinds.ts): one per event and recipient, or per unit and month */
  _id: string;
  tenant: string;
  /** the employee id of the person it is for: the token's `sub` */
  recipient: string;
  kind: NotificationKind;
  title: string;
  body: string | null;
  subjectId: string | null;
  createdAt: Date;
  read: boolean;
  readAt: Date | null;
}

export type WebhookScope = 'MINE' | 'TENANT';

export interface WebhookRecord {
  _id: string;
  tenant: string;
  /** who registered it */
  owner: string;
  /** MINE: the owner's notifications; TENANT (ADMIN only): everyone's, for an e-mail or chat gateway */
  scope: WebhookScope;
  url: string;
  kinds: NotificationKind[];
  /** the HMAC key; kept to sign, handed out once */
  secret: string;
  secretRevealed: boolean;
  createdAt: Date;
}

export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED';

export interface DeliveryAttempt {
  at: Date;
  /** the receiver's HTTP status, or null when there was no answer */
  statusCode: number | null;
  error: string | null;
}

export interface DeliveryRecord {
  /** `<webhook id>:<notification id>`: a notification reaches a webhook once */
  _id: string;
  tenant: string;
  webhookId: string;
  notificationId: string;
  /** the JSON body, fixed when the delivery is queued: every attempt sends the same bytes */
  body: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  /** a worker that claimed the delivery holds it until then */
  leaseUntil: Date;
  log: DeliveryAttempt[];
  deliveredAt: Date | null;
  createdAt: Date;
}

export interface IndicatorProjection {
  _id: string;
  tenant: string;
  name: string | null;
  unitId: string;
  source: string | null;
  /** when scorecard announced it: a reminder covers only months it existed in */
  definedAt: Date | null;
  /** the newest month seen in its events: older months' changes are corrections, not news */
  latestMonth: string | null;
}

/** `<indicator id>:<month>` for every month a manual indicator has a value for. */
export interface ReportedMonth {
  _id: string;
  indicatorId: string;
  month: string;
}

/** `<unit id>:<year>` for every unit with a budget that year. */
export interface BudgetYear {
  _id: string;
  tenant: string;
  unitId: string;
  year: number;
}

/** `<unit id>:<month>` for every month a unit forecast. */
export interface ForecastMonth {
  _id: string;
  unitId: string;
  month: string;
}

export interface NotificationModels {
  Notification: Model<NotificationRecord>;
  Webhook: Model<WebhookRecord>;
  Delivery: Model<DeliveryRecord>;
  Goal: Model<GoalProjection>;
  Indicator: Model<IndicatorProjection>;
  ReportedMonth: Model<ReportedMonth>;
  BudgetYear: Model<BudgetYear>;
  ForecastMonth: Model<ForecastMonth>;
  OrgUnit: Model<OrgUnitDoc>;
}

export function registerModels(connection: Connection): NotificationModels {
  const notification = new Schema<NotificationRecord>(
    { _id: String, tenant: String, recipient: String, kind: String, title: String, body: { type: String, default: null }, subjectId: { type: String, default: null }, createdAt: Date, read: { type: Boolean, default: false }, readAt: { type: Date, default: null } },
    { versionKey: false },
  );
  notification.index({ recipient: 1, createdAt: -1 });

  const webhook = new Schema<WebhookRecord>(
    { _id: String, tenant: String, owner: String, scope: String, url: String, kinds: [String], secret: String, secretRevealed: Boolean, createdAt: Date },
    { versionKey: false },
  );
  webhook.index({ tenant: 1 });

  const attempt = new Schema<DeliveryAttempt>({ at: Date, statusCode: { type: Number, default: null }, error: { type: String, default: null } }, { _id: false });
  const delivery = new Schema<DeliveryRecord>(
    { _id: String, tenant: String, webhookId: String, notificationId: String, body: String, status: String, attempts: Number, nextAttemptAt: Date, leaseUntil: Date, log: { type: [attempt], default: [] }, deliveredAt: { type: Date, default: null }, createdAt: Date },
    { versionKey: false },
  );
  delivery.index({ status: 1, nextAttemptAt: 1 });
  delivery.index({ webhookId: 1, createdAt: -1 });

  const indicator = new Schema<IndicatorProjection>(
    { _id: String, tenant: String, name: { type: String, default: null }, unitId: String, source: { type: String, default: null }, definedAt: { type: Date, default: null }, latestMonth: { type: String, default: null } },
    { versionKey: false },
  );
  indicator.index({ source: 1 });
  const reported = new Schema<ReportedMonth>({ _id: String, indicatorId: String, month: String }, { versionKey: false });
  reported.index({ month: 1 });
  const budgetYear = new Schema<BudgetYear>({ _id: String, tenant: String, unitId: String, year: Number }, { versionKey: false });
  budgetYear.index({ year: 1 });
  const forecastMonth = new Schema<ForecastMonth>({ _id: String, unitId: String, month: String }, { versionKey: false });
  forecastMonth.index({ month: 1 });

  return {
    Notification: connection.model<NotificationRecord>('Notification', notification, 'notifications'),
    Webhook: connection.model<WebhookRecord>('Webhook', webhook, 'webhooks'),
    Delivery: connection.model<DeliveryRecord>('Delivery', delivery, 'webhook_deliveries'),
    Goal: goalProjectionModel(connection),
    Indicator: connection.model<IndicatorProjection>('IndicatorProjection', indicator, 'indicators'),
    ReportedMonth: connection.model<ReportedMonth>('ReportedMonth', reported, 'reported_months'),
    BudgetYear: connection.model<BudgetYear>('BudgetYear', budgetYear, 'budget_years'),
    ForecastMonth: connection.model<ForecastMonth>('ForecastMonth', forecastMonth, 'forecast_months'),
    OrgUnit: orgProjectionModel(connection),
  };
}
