import { randomBytes } from 'node:crypto';

/**
 * Names that keep one test file's data apart from every other's, so files run in parallel against
 * the same servers: a database name and a topic prefix with a random suffix.
 */
export interface TestNamespace {
  id: string;
  dbName: string;
  topicPrefix: string;
  mongoUrl: string;
  kafkaBrokers: string[];
}

export function testNamespace(label: string, env: NodeJS.ProcessEnv = process.env): TestNamespace {
  const mongo = env.MONGO_URL;
  const kafka = env.KAFKA_BROKERS;
  if (!mongo || !kafka) throw new Error('MONGO_URL and KAFKA_BROKERS are unset: run the tests through jest (its globalSetup provides them)');
  const id = `${label.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  const url = new URL(mongo);
  url.pathname = `/t_${id}`;
  return { id, dbName: `t_${id}`, topicPrefix: `t.${id}.`, mongoUrl: url.toString(), kafkaBrokers: kafka.split(',') };
}

/** Resolves with `promise`, or fails after `ms` with a message naming what the test waited for. */
export async function withDeadline<T>(promise: Promise<T>, ms: number, waitingFor: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`waited ${ms / 1000} s for ${waitingFor()}`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `probe` until it returns a value that `accept` takes, or fails naming what it waited for. */
// 30 s by default: a deadline for a loaded CI machine, not a measure of speed (that is bench/'s job)
export async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, waitingFor: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (accept(last)) return last;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const seen = JSON.stringify(last) ?? String(lastError);
  throw new Error(`waited ${ms / 1000} s for ${waitingFor}; last seen: ${seen.length > 600 ? `${seen.slice(0, 600)}…` : seen}`);
}

/** The environment a service under test reads: its own database and topic prefix, any free port. */
export function serviceTestEnv(ns: TestNamespace, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    MONGO_URL: ns.mongoUrl,
    KAFKA_BROKERS: ns.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: ns.topicPrefix,
    KAFKA_TOPIC_PARTITIONS: '2',
    JWT_SECRET: TEST_JWT_SECRET,
    PORT: '0',
    OUTBOX_POLL_MS: '100',
    CONSUMER_RETRY_BACKOFF_MS: '50',
    SHUTDOWN_GRACE_MS: '1000',
    ...extra,
  };
}

export const TEST_JWT_SECRET = 'performa-test-secret-0123456789';

export interface TopicMessage {
  key: string;
  value: unknown;
  headers: Record<string, string>;
  partition: number;
  offset: string;
}

/**
 * Reads a topic from the beginning with a throwaway consumer group, collecting every message, so a
 * test can assert on what was really published.
 */
export async function readTopic(ns: TestNamespace, topic: string, brokers = ns.kafkaBrokers) {
  const { Kafka, logLevel } = await import('kafkajs');
  const kafka = new Kafka({ clientId: `${ns.id}-reader`, brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `${ns.topicPrefix}reader-${Math.random().toString(36).slice(2)}`, maxWaitTimeInMs: 100, sessionTimeout: 6_000, heartbeatInterval: 500 });
  const messages: TopicMessage[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message, partition }) => {
      const text = message.value?.toString() ?? '';
      let value: unknown = text;
      try {
        value = JSON.parse(text);
      } catch {
        // kept as text: the test may be about a message that is not JSON
      }
      const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, v?.toString() ?? '']));
      messages.push({ key: message.key?.toString() ?? '', value, headers, partition, offset: message.offset });
    },
  });
  return { messages, stop: () => consumer.disconnect() };
}
