import { Kafka, logLevel, type Admin, type ITopicConfig, type LogEntry } from 'kafkajs';
import type { Logger } from 'pino';

/** A kafkajs client whose own log lines go through pino, warnings and up. */
export function createKafka(options: { clientId: string; brokers: string[]; logger: Logger }): Kafka {
  const log = options.logger.child({ component: 'kafkajs' });
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    connectionTimeout: 3_000,
    requestTimeout: 10_000,
    retry: { initialRetryTime: 100, retries: 5, maxRetryTime: 2_000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log: entry }: LogEntry) => {
        const { message, ...rest } = entry;
        if (level <= logLevel.ERROR) log.error(rest, message);
        else log.warn(rest, message);
      },
  });
}

/** Topic names carry the deployment's prefix (KAFKA_TOPIC_PREFIX), so test runs never meet. */
export interface TopicNaming {
  topic(name: string): string;
  deadLetter(name: string): string;
  group(name: string): string;
}

export function topicNaming(prefix: string): TopicNaming {
  return {
    topic: (name) => `${prefix}${name}`,
    deadLetter: (name) => `${prefix}${name}.dlq`,
    group: (name) => `${prefix}${name}`,
  };
}

/**
 * Creates the topics a service needs if they are missing (Kafka keeps existing ones as they are),
 * and returns once every partition has a leader: a topic another service has only just created
 * can't be subscribed to before that.
 */
export async function ensureTopics(admin: Admin, topics: string[], partitions: number, timeoutMs = 30_000): Promise<void> {
  const wanted = [...new Set(topics)];
  const existing = new Set(await admin.listTopics());
  const missing: ITopicConfig[] = wanted.filter((t) => !existing.has(t)).map((topic) => ({ topic, numPartitions: partitions }));
  if (missing.length > 0) {
    try {
      await admin.createTopics({ topics: missing, waitForLeaders: true });
    } catch (error) {
      // another service or replica created some of them between listTopics and createTopics
      if ((error as { type?: string }).type !== 'TOPIC_ALREADY_EXISTS') throw error;
    }
  }
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics: wanted });
      if (metadata.length === wanted.length && metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`topics without a leader after ${timeoutMs / 1000} s: ${wanted.join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
