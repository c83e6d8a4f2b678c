import type { DeliveryRecord, NotificationModels, NotificationRecord, WebhookRecord } from './store/models';

/** A notification to be: `id` from domain/kinds.ts notificationId(), so the same cause always gives the same id. */
export type NotificationDraft = Pick<NotificationRecord, 'tenant' | 'recipient' | 'kind' | 'title' | 'body' | 'subjectId'> & { id: string };

const isDuplicate = (error: unknown) => (error as { code?: number }).code === 11000;

/** What a webhook receives: the delivery's id (also in X-Performa-Delivery) and the notification. */
export function deliveryBody(deliveryId: string, webhookId: string, n: NotificationRecord): string {
  return JSON.stringify({
    id: deliveryId,
    webhookId,
    notification: { id: n._id, kind: n.kind, title: n.title, body: n.body, subjectId: n.subjectId, recipient: n.recipient, createdAt: n.createdAt.toISOString() },
  });
}

const wants = (webhook: WebhookRecord, n: NotificationRecord) => webhook.kinds.includes(n.kind) && (webhook.scope === 'TENANT' || webhook.owner === n.recipient);

/**
 * Stores notifications and queues their webhook deliveries. Writing a notification whose id exists
 * changes nothing, so a redelivered event or a second replica adds no duplicate; its deliveries are
 * still (re)queued by id, which finishes the work of a handler that crashed half-way.
 */
export class Notifier {
  constructor(
    private readonly models: NotificationModels,
    private readonly onQueued: () => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Returns the notifications that are new. */
  async notify(drafts: NotificationDraft[]): Promise<NotificationRecord[]> {
    const created: NotificationRecord[] = [];
    const webhooks = new Map<string, WebhookRecord[]>();
    let queued = 0;
    for (const draft of drafts) {
      const { id, ...fields } = draft;
      let notification: NotificationRecord = { _id: id, ...fields, createdAt: this.now(), read: false, readAt: null };
      try {
        await this.models.Notification.create(notification);
        created.push(notification);
      } catch (error) {
        if (!isDuplicate(error)) throw error;
        const existing = await this.models.Notification.findById(id).lean<NotificationRecord>();
        if (!existing) throw error;
        notification = existing;
      }
      if (!webhooks.has(draft.tenant)) webhooks.set(draft.tenant, await this.models.Webhook.find({ tenant: draft.tenant }).lean<WebhookRecord[]>());
      for (const webhook of webhooks.get(draft.tenant) ?? []) {
        if (wants(webhook, notification) && (await this.queue(webhook, notification))) queued += 1;
      }
    }
    if (queued > 0) this.onQueued();
    return created;
  }

  private async queue(webhook: WebhookRecord, n: NotificationRecord): Promise<boolean> {
    const id = `${webhook._id}:${n._id}`;
    const now = this.now();
    const delivery: DeliveryRecord = {
      _id: id,
      tenant: n.tenant,
      webhookId: webhook._id,
      notificationId: n._id,
      body: deliveryBody(id, webhook._id, n),
      status: 'PENDING',
      attempts: 0,
      nextAttemptAt: now,
      leaseUntil: new Date(0),
      log: [],
      deliveredAt: null,
      createdAt: now,
    };
    try {
      await this.models.Delivery.create(delivery);
      return true;
    } catch (error) {
      if (isDuplicate(error)) return false;
      throw error;
    }
  }
}
