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
export async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, waitingFor: string, ms = 10_000): Promise<T> {
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
  throw new Error(`waited ${ms / 1000} s for ${waitingFor}; last seen: ${JSON.stringify(last) ?? String(lastError)}`);
}
