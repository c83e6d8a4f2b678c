import { Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';

/** MongoDB protocol health: a `ping` command. */
export async function pingMongo(url: string, timeoutMs = 2_000): Promise<void> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** Kafka health: a metadata request through the admin client. Returns the broker count. */
export async function pingKafka(brokers: string[], timeoutMs = 2_000): Promise<number> {
  const kafka = new Kafka({
    clientId: 'performa-infra-health',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: timeoutMs,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Polls `check` until it succeeds or the deadline passes; the error names what was awaited. */
export async function waitUntil(what: string, check: () => Promise<unknown>, timeoutMs: number, isDead?: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const death = isDead?.();
    if (death) throw new Error(`${what} exited before it was ready: ${death}`);
    try {
      await check();
      return;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} was not ready within ${timeoutMs / 1000} s: ${last instanceof Error ? last.message : String(last)}`);
}
