import type { Consumer, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { Connection, Model } from 'mongoose';
import { Schema } from 'mongoose';
import type { Logger } from 'pino';
import type { ContractRegistry } from './contracts';
import type { EventEnvelope } from './envelope';
import type { TopicNaming } from './kafka';

export interface DeliveryMeta {
  topic: string;
  partition: number;
  offset: string;
}

export type EventHandler = (event: EventEnvelope, meta: DeliveryMeta) => Promise<void>;

export interface Subscription {
  /** the topic's name without the deployment prefix, e.g. hr.orgunit.v1 */
  topic: string;
  /** handlers by event type; other types on the topic are skipped (newer producers may add some) */
  handlers: Record<string, EventHandler>;
}

export interface ConsumerOptions {
  logger: Logger;
  kafka: Kafka;
  naming: TopicNaming;
  contracts: ContractRegistry;
  connection: Connection;
  /** the consumer group's name without the prefix, e.g. strategy.org-projection */
  group: string;
  subscriptions: Subscription[];
  maxAttempts: number;
  backoffMs: number;
  /** read a new group's topics from the beginning: how projections are (re)built */
  fromBeginning?: boolean;
  /**
   * Handles what one fetch brings in one call instead of one call per event: for recomputations
   * whose result does not depend on the order of the events (e.g. figures derived from the current
   * state), where one pass can serve hundreds of events. If it keeps failing, the events are
   * handled one at a time by their handlers, with the usual retries and dead-lettering.
   */
  batchHandler?: BatchHandler;
}

export type BatchHandler = (events: EventEnvelope[]) => Promise<void>;

export interface EventConsumer {
  start(): Promise<void>;
  stop(): Promise<void>;
  readiness(): { ok: boolean; detail?: string };
  /** every topic it reads and the dead-letter topic of each: for ensureTopics at start */
  topics(): string[];
}

interface Processed {
  _id: string;
  at: Date;
}

function processedModel(connection: Connection): Model<Processed> {
  return (
    (connection.models.ProcessedEvent as Model<Processed> | undefined) ??
    connection.model<Processed>('ProcessedEvent', new Schema<Processed>({ _id: String, at: Date }, { versionKey: false }), 'processed_events')
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `work` while telling the group coordinator every second that this member is alive: a
 * recomputation that takes longer than the session timeout must not get the member thrown out of
 * its group (and its partitions handed to another, which would start the same work again).
 */
async function keepingAlive<T>(heartbeat: () => Promise<void>, work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => void heartbeat().catch(() => undefined), 1_000);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

/**
 * Runs a consumer group with at-least-once delivery made effectively-once: an event id is recorded
 * after its handler succeeds and skipped when seen again. A message that keeps failing (bad JSON,
 * broken contract, a handler that throws) is retried with backoff a bounded number of times, then
 * parked on `<topic>.dlq` with the reason, and the partition moves on.
 */
export function createEventConsumer(options: ConsumerOptions): EventConsumer {
  const group = options.naming.group(options.group);
  const log = options.logger.child({ component: 'consumer', group });
  const processed = processedModel(options.connection);
  const byTopic = new Map(options.subscriptions.map((s) => [options.naming.topic(s.topic), s]));
  let consumer: Consumer | undefined;
  let producer: Producer | undefined;
  let joined = false;
  let crashed: string | undefined;

  /** The message's event if this group has a handler for it and has not handled it yet; throws if it is malformed. */
  async function pending(message: KafkaMessage, meta: DeliveryMeta): Promise<{ event: EventEnvelope; handler: EventHandler } | null> {
    const raw = message.value?.toString() ?? '';
    let event: unknown;
    try {
      event = JSON.parse(raw);
    } catch {
      throw new Error('the message is not JSON');
    }
    options.contracts.validate(event);
    const handler = byTopic.get(meta.topic)?.handlers[event.type];
    if (!handler) return null;
    if (await processed.exists({ _id: `${options.group}:${event.id}` })) return null;
    return { event, handler };
  }

  async function markProcessed(event: EventEnvelope): Promise<void> {
    try {
      await processed.create({ _id: `${options.group}:${event.id}`, at: new Date() });
    } catch (error) {
      // another replica finished the same event first; the handler is idempotent, so both are fine
      if ((error as { code?: number }).code !== 11000) throw error;
    }
  }

  async function handleOnce(message: KafkaMessage, meta: DeliveryMeta): Promise<void> {
    const found = await pending(message, meta);
    if (!found) return;
    await found.handler(found.event, meta);
    await markProcessed(found.event);
  }

  /** One message with retries and backoff, then the dead-letter topic. */
  async function handleWithRetries(message: KafkaMessage, meta: DeliveryMeta, heartbeat: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await handleOnce(message, meta);
        return;
      } catch (error) {
        if (attempt >= options.maxAttempts) {
          await deadLetter(message, meta, error as Error, attempt);
          return;
        }
        log.warn({ topic: meta.topic, partition: meta.partition, offset: meta.offset, attempt, err: (error as Error).message }, 'handling failed; retrying');
        await sleep(options.backoffMs * 2 ** (attempt - 1));
        await heartbeat();
      }
    }
  }

  /** A fetched batch of one partition: one call of the batch handler for its pending events. */
  async function handleBatch(topic: string, partition: number, messages: KafkaMessage[], heartbeat: () => Promise<void>, batchHandler: BatchHandler): Promise<void> {
    const events: EventEnvelope[] = [];
    const singles: KafkaMessage[] = [];
    for (const message of messages) {
      try {
        const found = await pending(message, { topic, partition, offset: message.offset });
        // the same event twice in one fetch (a redelivery) counts once
        if (found && !events.some((e) => e.id === found.event.id)) events.push(found.event);
      } catch {
        singles.push(message); // malformed: its own path leads to the dead-letter topic
      }
    }
    for (let attempt = 1; events.length > 0; attempt += 1) {
      try {
        await batchHandler(events);
        for (const event of events) await markProcessed(event);
        break;
      } catch (error) {
        log.warn({ topic, partition, events: events.length, attempt, err: (error as Error).message }, 'batch handling failed');
        if (attempt >= options.maxAttempts) {
          singles.push(...messages.filter((m) => !singles.includes(m)));
          break;
        }
        await sleep(options.backoffMs * 2 ** (attempt - 1));
        await heartbeat();
      }
    }
    for (const message of messages.filter((m) => singles.includes(m))) await handleWithRetries(message, { topic, partition, offset: message.offset }, heartbeat);
  }

  async function deadLetter(message: KafkaMessage, meta: DeliveryMeta, error: Error, attempts: number): Promise<void> {
    const topic = `${meta.topic}.dlq`;
    await producer?.send({
      topic,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            'dlq-reason': error.message.slice(0, 2_000),
            'dlq-attempts': String(attempts),
            'dlq-group': group,
            'original-topic': meta.topic,
            'original-partition': String(meta.partition),
            'original-offset': meta.offset,
          },
        },
      ],
    });
    log.error({ topic: meta.topic, partition: meta.partition, offset: meta.offset, err: error.message, attempts }, 'message parked on the dead-letter topic');
  }

  return {
    topics() {
      return [...byTopic.keys()].flatMap((t) => [t, `${t}.dlq`]);
    },
    async start() {
      producer = options.kafka.producer({ allowAutoTopicCreation: false });
      await producer.connect();
      consumer = options.kafka.consumer({
        groupId: group,
        sessionTimeout: 10_000,
        heartbeatInterval: 1_000,
        // answers as soon as a message arrives; the wait only bounds an idle poll
        maxWaitTimeInMs: 100,
        allowAutoTopicCreation: false,
      });
      consumer.on(consumer.events.GROUP_JOIN, () => {
        joined = true;
        crashed = undefined;
      });
      consumer.on(consumer.events.CRASH, (e) => {
        crashed = String((e.payload as { error?: Error }).error?.message ?? 'crashed');
        joined = false;
      });
      await consumer.connect();
      await consumer.subscribe({ topics: [...byTopic.keys()], fromBeginning: options.fromBeginning ?? true });
      const batchHandler = options.batchHandler;
      if (batchHandler) {
        await consumer.run({
          eachBatchAutoResolve: false,
          eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
            await keepingAlive(heartbeat, () => handleBatch(batch.topic, batch.partition, batch.messages, heartbeat, batchHandler));
            for (const message of batch.messages) resolveOffset(message.offset);
            await heartbeat();
          },
        });
        return;
      }
      await consumer.run({
        eachMessage: async ({ topic, partition, message, heartbeat }) => keepingAlive(heartbeat, () => handleWithRetries(message, { topic, partition, offset: message.offset }, heartbeat)),
      });
    },
    async stop() {
      await consumer?.disconnect().catch(() => undefined);
      await producer?.disconnect().catch(() => undefined);
      joined = false;
    },
    readiness() {
      if (crashed) return { ok: false, detail: `consumer ${group} crashed: ${crashed}` };
      return joined ? { ok: true } : { ok: false, detail: `consumer ${group} has not joined its group yet` };
    },
  };
}
