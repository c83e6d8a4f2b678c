import { Kafka, logLevel } from 'kafkajs';
import { testNamespace, withDeadline } from '../src/testing';

const ns = testNamespace('infra-kafka');
const topic = `${ns.topicPrefix}smoke`;
const kafka = new Kafka({ clientId: ns.id, brokers: ns.kafkaBrokers, logLevel: logLevel.NOTHING });

describe('the Kafka broker', () => {
  const admin = kafka.admin();
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const consumer = kafka.consumer({ groupId: `${ns.topicPrefix}group`, sessionTimeout: 6_000, heartbeatInterval: 500, maxWaitTimeInMs: 100 });

  beforeAll(async () => {
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await Promise.all([producer.connect(), consumer.connect()]);
  });
  afterAll(async () => {
    await consumer.disconnect();
    await producer.disconnect();
    await admin.disconnect();
  });

  it('delivers 1,000 keyed messages to a consumer group with each key in order', async () => {
    const keys = ['unit-a', 'unit-b', 'unit-c', 'unit-d', 'unit-e'];
    const messages = Array.from({ length: 1000 }, (_, i) => ({ key: keys[i % keys.length] as string, value: String(i) }));
    const received = new Map<string, number[]>();
    let count = 0;
    let resolveAll: () => void = () => undefined;
    const all = new Promise<void>((resolve) => (resolveAll = resolve));

    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        const key = message.key?.toString() ?? '';
        received.set(key, [...(received.get(key) ?? []), Number(message.value?.toString())]);
        if (++count === messages.length) resolveAll();
      },
    });
    for (let i = 0; i < messages.length; i += 100) {
      await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 100) });
    }
    await withDeadline(all, 30_000, () => `1,000 messages; got ${count}`);

    expect(count).toBe(1000);
    for (const key of keys) {
      const sent = messages.filter((m) => m.key === key).map((m) => Number(m.value));
      expect(received.get(key)).toEqual(sent);
    }
  });
});
