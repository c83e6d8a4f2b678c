import { randomUUID } from 'node:crypto';
import { eventually, readTopic, testNamespace } from '@performa/infra';
import type { Connection } from 'mongoose';
import pino from 'pino';
import {
  connectMongo,
  ContractRegistry,
  createEventConsumer,
  createKafka,
  createLogger,
  ensureTopics,
  orgProjectionModel,
  orgProjectionSubscription,
  topicNaming,
  type BatchHandler,
  type EventConsumer,
  type OrgUnitSnapshot,
} from '../src';

const ns = testNamespace('platform-consumer');
const logger = createLogger({ service: 'test', level: 'silent' });
const naming = topicNaming(ns.topicPrefix);
const kafka = createKafka({ clientId: ns.id, brokers: ns.kafkaBrokers, logger });
const topic = naming.topic('hr.orgunit.v1');

function unit(id: string, version = 1): OrgUnitSnapshot {
  return { id, code: id.toUpperCase(), name: `Unit ${id}`, kind: 'UNIT', parentId: 'p', ancestors: ['root', 'p'], managerId: null, closedOn: null, version };
}

function event(data: unknown, id = randomUUID()) {
  return { id, type: 'hr.OrgUnitCreated', version: 1, source: 'hr', subject: (data as { id?: string }).id ?? 'x', tenant: 't', occurredAt: new Date().toISOString(), actor: 'test', data };
}

describe('the consumer runner', () => {
  let connection: Connection;
  const producer = kafka.producer();
  const consumers: EventConsumer[] = [];

  beforeAll(async () => {
    connection = await connectMongo({ url: ns.mongoUrl, logger });
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [topic, `${topic}.dlq`], 1);
    await admin.disconnect();
    await producer.connect();
  });
  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    await producer.disconnect();
    await connection.dropDatabase();
    await connection.close();
  });

  function start(group: string, subscription = orgProjectionSubscription(orgProjectionModel(connection)), batchHandler?: BatchHandler): Promise<void> {
    const consumer = createEventConsumer({ logger, kafka, naming, contracts: new ContractRegistry(), connection, group, subscriptions: [subscription], maxAttempts: 3, backoffMs: 20, batchHandler });
    consumers.push(consumer);
    return consumer.start();
  }

  it('parks a message that breaks its contract on the dead-letter topic after 3 attempts, and processes the next one', async () => {
    const broken = event({ id: 'u-bad', name: 'no code, kind or version' });
    await producer.send({ topic, messages: [{ key: 'same-key', value: JSON.stringify(broken) }, { key: 'same-key', value: JSON.stringify(event(unit('u-good'))) }] });
    await start('dlq-test');

    const projection = orgProjectionModel(connection);
    await eventually(() => projection.findById('u-good').lean(), (doc) => doc !== null, 'the message after the broken one to reach the projection');
    expect(await projection.findById('u-bad').lean()).toBeNull();

    const dlq = await readTopic(ns, `${topic}.dlq`);
    try {
      const [parked] = await eventually(async () => dlq.messages, (list) => list.length === 1, 'one message on the dead-letter topic');
      expect(parked?.value).toEqual(broken);
      expect(parked?.headers).toMatchObject({ 'dlq-attempts': '3', 'original-topic': topic, 'original-offset': '0' });
      expect(parked?.headers['dlq-reason']).toMatch(/breaks its contract: data must have required property 'code'/);
    } finally {
      await dlq.stop();
    }
  });

  it('applies an event delivered twice only once', async () => {
    const seen: string[] = [];
    const duplicate = event(unit('u-twice'));
    await start('idempotency-test', { topic: 'hr.orgunit.v1', handlers: { 'hr.OrgUnitCreated': async (e) => void seen.push(e.id) } });
    await producer.send({ topic, messages: [{ key: 'u-twice', value: JSON.stringify(duplicate) }] });
    await producer.send({ topic, messages: [{ key: 'u-twice', value: JSON.stringify(duplicate) }, { key: 'u-twice', value: JSON.stringify(event(unit('u-after'))) }] });
    await eventually(async () => seen.length, (n) => n >= 3, 'the events after the duplicate to be handled');
    expect(seen.filter((id) => id === duplicate.id)).toHaveLength(1);
  });

  it('keeps a newer snapshot when an older one arrives late', async () => {
    const projection = orgProjectionModel(connection);
    await start('ordering-test');
    await producer.send({ topic, messages: [{ key: 'u-late', value: JSON.stringify(event({ ...unit('u-late', 2), name: 'Renamed' })) }] });
    await eventually(() => projection.findById('u-late').lean(), (doc) => doc?.name === 'Renamed', 'version 2 in the projection');
    await producer.send({ topic, messages: [{ key: 'u-late', value: JSON.stringify(event(unit('u-late', 1))) }, { key: 'u-late2', value: JSON.stringify(event(unit('u-late2'))) }] });
    await eventually(() => projection.findById('u-late2').lean(), (doc) => doc !== null, 'the message after the stale one');
    expect(await projection.findById('u-late').lean()).toMatchObject({ name: 'Renamed', version: 2 });
  });

  it('in batch mode handles a fetch of events in one call, each event once, and still parks a broken one', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => `u-batch-${i}`);
    await producer.send({ topic, messages: ids.map((id) => ({ key: id, value: JSON.stringify(event(unit(id))) })) });
    const singles: string[] = [];
    const batches: Array<Array<{ id: string; subject: string }>> = [];
    await start('batch-test', { topic: 'hr.orgunit.v1', handlers: { 'hr.OrgUnitCreated': async (e) => void singles.push(e.subject) } }, async (events) => void batches.push(events.map((e) => ({ id: e.id, subject: e.subject }))));
    await eventually(async () => batches.flat().map((e) => e.subject), (subjects) => ids.every((id) => subjects.includes(id)), 'every event in a batch');
    // each event once, the one delivered twice (the test above) too
    const seen = batches.flat().map((e) => e.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(batches.length).toBeLessThan(seen.length);
    expect(singles).toEqual([]);
    const dlq = await readTopic(ns, `${topic}.dlq`);
    try {
      await eventually(async () => dlq.messages.filter((m) => m.headers['dlq-group'] === `${ns.topicPrefix}batch-test`), (l) => l.length === 1, "the broken message parked by the batch group");
    } finally {
      await dlq.stop();
    }
  });

  it('in batch mode falls back to one event at a time when the batch keeps failing', async () => {
    const singles: string[] = [];
    let calls = 0;
    await start(
      'batch-fallback-test',
      { topic: 'hr.orgunit.v1', handlers: { 'hr.OrgUnitCreated': async (e) => void singles.push(e.subject) } },
      async () => {
        calls += 1;
        throw new Error('the batch cannot be handled');
      },
    );
    await eventually(async () => singles, (l) => l.includes('u-batch-59'), 'the events handled one at a time');
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(singles.filter((id) => id === 'u-batch-0')).toHaveLength(1);
  });

  it('stays in its group through a handler that runs longer than the session timeout, and handles the event once', async () => {
    const calls: string[] = [];
    const slow = event(unit('u-slow'));
    // what the Kafka client says while it waits: a member thrown out of its group says so
    const said: string[] = [];
    const listening = pino({ level: 'warn' }, { write: (line: string) => void said.push(line) });
    const consumer = createEventConsumer({
      logger: listening,
      kafka: createKafka({ clientId: `${ns.id}-slow`, brokers: ns.kafkaBrokers, logger: listening }),
      naming,
      contracts: new ContractRegistry(),
      connection,
      group: 'slow-handler-test',
      subscriptions: [
        {
          topic: 'hr.orgunit.v1',
          handlers: {
            'hr.OrgUnitCreated': async (e) => {
              calls.push(e.id);
              // the session times out after 10 s without a heartbeat
              if (e.id === slow.id) await new Promise((r) => setTimeout(r, 12_000));
            },
          },
        },
      ],
      maxAttempts: 3,
      backoffMs: 20,
    });
    consumers.push(consumer);
    await consumer.start();
    await producer.send({ topic, messages: [{ key: 'u-slow', value: JSON.stringify(slow) }, { key: 'u-slow', value: JSON.stringify(event(unit('u-after-slow'))) }] });
    await eventually(async () => calls.length, () => calls.some((id) => id !== slow.id && calls.indexOf(slow.id) >= 0 && calls.indexOf(id) > calls.indexOf(slow.id)), 'the event after the slow one', 40_000);
    expect(calls.filter((id) => id === slow.id)).toHaveLength(1);
    expect(said.filter((line) => /not aware of this member|rebalancing/i.test(line))).toEqual([]);
  }, 60_000);
});
