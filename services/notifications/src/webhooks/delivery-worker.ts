import type { Logger } from 'pino';
import { op } from '@performa/platform';
import { retryDelay, SIGNATURE_HEADER, signPayload } from '../domain/signature';
import type { DeliveryAttempt, DeliveryRecord, NotificationModels, WebhookRecord } from '../store/models';

export interface DeliveryWorkerOptions {
  models: NotificationModels;
  logger: Logger;
  /** how often it looks for due deliveries when nothing nudges it */
  pollMs: number;
  /** attempts before a delivery is given up as FAILED */
  maxAttempts: number;
  backoffMs: number;
  maxBackoffMs: number;
  /** how long one POST may take */
  timeoutMs: number;
  /** deliveries in flight at once */
  concurrency?: number;
}

export interface DeliveryWorker {
  start(): void;
  /** looks for due deliveries now instead of at the next poll: called after queueing */
  nudge(): void;
  /** one pass over what is due; resolves with the number of attempts made */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').slice(0, 500);

/**
 * Delivers queued notifications to webhooks, apart from the event consumer so a slow or dead
 * receiver never holds up a topic. Each attempt claims the delivery with a lease (two replicas
 * never post the same delivery at once), POSTs the fixed body signed with the webhook's secret,
 * and records the outcome: 2xx → DELIVERED; otherwise retried after an exponential backoff until
 * `maxAttempts`, then FAILED. Every attempt is kept in the delivery's log.
 */
export function createDeliveryWorker(options: DeliveryWorkerOptions): DeliveryWorker {
  const { models } = options;
  const log = options.logger.child({ component: 'webhook-delivery' });
  const concurrency = options.concurrency ?? 4;
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;
  let running: Promise<number> | undefined;
  let again = false;

  async function post(webhook: WebhookRecord, delivery: DeliveryRecord): Promise<DeliveryAttempt> {
    const at = new Date();
    try {
      const response = await fetch(webhook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Performa-Webhooks/1',
          [SIGNATURE_HEADER]: signPayload(webhook.secret, delivery.body, Math.floor(Date.now() / 1000)),
          'x-performa-delivery': delivery._id,
          'x-performa-attempt': String(delivery.attempts + 1),
        },
        body: delivery.body,
        // a redirect is an answer, not an invitation to post elsewhere
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      await response.body?.cancel().catch(() => undefined);
      return { at, statusCode: response.status, error: response.status >= 200 && response.status < 300 ? null : `HTTP ${response.status}` };
    } catch (error) {
      const e = error as Error & { cause?: { code?: string; message?: string } };
      return { at, statusCode: null, error: oneLine(e.name === 'TimeoutError' ? `no answer within ${options.timeoutMs} ms` : (e.cause?.code ?? e.cause?.message ?? e.message)) };
    }
  }

  async function attempt(id: string): Promise<boolean> {
    const now = new Date();
    const lease = new Date(now.getTime() + options.timeoutMs + 5_000);
    const claimed = await models.Delivery.updateOne({ _id: id, status: 'PENDING', leaseUntil: op({ $lte: now }) }, { $set: { leaseUntil: lease } });
    if (claimed.modifiedCount !== 1) return false; // another worker has it
    const delivery = await models.Delivery.findById(id).lean<DeliveryRecord>();
    if (!delivery) return false;
    const webhook = await models.Webhook.findById(delivery.webhookId).lean<WebhookRecord>();
    const result: DeliveryAttempt = webhook ? await post(webhook, delivery) : { at: now, statusCode: null, error: 'the webhook was deleted' };
    const attempts = delivery.attempts + 1;
    const delivered = result.error === null;
    const status = delivered ? 'DELIVERED' : !webhook || attempts >= options.maxAttempts ? 'FAILED' : 'PENDING';
    const next = new Date(Date.now() + retryDelay(attempts, options.backoffMs, options.maxBackoffMs));
    await models.Delivery.updateOne(
      { _id: id, leaseUntil: lease },
      { $set: { status, attempts, nextAttemptAt: next, leaseUntil: new Date(0), deliveredAt: delivered ? result.at : null }, $push: { log: result } },
    );
    if (status === 'FAILED') log.warn({ deliveryId: id, webhookId: delivery.webhookId, attempts, err: result.error }, 'webhook delivery given up');
    else if (!delivered) log.info({ deliveryId: id, attempts, err: result.error }, 'webhook delivery failed; will retry');
    return true;
  }

  async function pass(): Promise<number> {
    const now = new Date();
    const due = await models.Delivery.find({ status: 'PENDING', nextAttemptAt: op({ $lte: now }), leaseUntil: op({ $lte: now }) }, { _id: 1 })
      .sort({ nextAttemptAt: 1 })
      .limit(100)
      .lean<Array<{ _id: string }>>();
    let made = 0;
    for (let i = 0; i < due.length && !stopped; i += concurrency) {
      const results = await Promise.all(due.slice(i, i + concurrency).map((d) => attempt(d._id)));
      made += results.filter(Boolean).length;
    }
    return made;
  }

  function schedule(ms: number) {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void run(), ms);
    timer.unref();
  }

  async function run(): Promise<number> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let total = 0;
      try {
        do {
          again = false;
          total += await pass();
        } while (again && !stopped);
      } catch (error) {
        log.warn({ err: (error as Error).message }, 'webhook delivery pass failed');
      } finally {
        running = undefined;
        schedule(options.pollMs);
      }
      return total;
    })();
    return running;
  }

  return {
    start() {
      stopped = false;
      schedule(0);
    },
    nudge() {
      if (!stopped) void run();
    },
    runOnce: () => run(),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
