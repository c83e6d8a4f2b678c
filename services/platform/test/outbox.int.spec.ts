import { eventually, readTopic, testNamespace } from '@performa/infra';
import { Schema, type Connection, type Model } from 'mongoose';
import { connectMongo, ContractRegistry, createKafka, createLogger, createOutboxRelay, ensureTopics, EventFactory, newWithEvents, topicNaming, withEvents, outboxPlugin, type OutboxRelay, type WithOutbox } from '../src';

const ns = testNamespace('platform-outbox');
const logger = createLogger({ service: 'test', level: 'silent' });
const naming = topicNaming(ns.topicPrefix);
const kafka = createKafka({ clientId: ns.id, brokers: ns.kafkaBrokers, logger });

interface Unit extends WithOutbox {
  _id: string;
  name: string;
}

const snapshot = (id: string, name: string, version: number) => ({ id, code: id.toUpperCase(), name, kind: 'UNIT', parentId: null, ancestors: [], managerId: null, closedOn: null, version });

describe('the outbox relay', () => {
  let connection: Connection;
  let model: Model<Unit>;
  let relay: OutboxRelay;
  const events = new EventFactory(new ContractRegistry(), naming, 'test');
  const origin = { tenant: 't', actor: 'test' };

  beforeAll(async () => {
    // slowCommandMs turns command monitoring on (the scans are counted below); the log stays silent
    connection = await connectMongo({ url: ns.mongoUrl, logger, slowCommandMs: 600_000 });
    const schema = new Schema<Unit>({ _id: String, name: String }, { versionKey: false });
    schema.plugin(outboxPlugin);
    model = connection.model<Unit>('RelayTestUnit', schema, 'relay_test_units');
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [naming.topic('hr.orgunit.v1')], 1);
    await admin.disconnect();
    // a safety-net scan once a minute: only being told about a write can publish it within the test
    relay = createOutboxRelay({ logger, kafka, models: [model], pollMs: 60_000 });
    await relay.start();
  });
  afterAll(async () => {
    await relay?.stop();
    await connection?.dropDatabase();
    await connection?.close();
  });

  it('publishes a written document at once, found by its _id, without waiting for its scan', async () => {
    const topic = await readTopic(ns, naming.topic('hr.orgunit.v1'));
    try {
      const created = events.entry({ topic: 'hr.orgunit.v1', type: 'hr.OrgUnitCreated', subject: 'u1', data: snapshot('u1', 'Ängen', 1) }, origin);
      await model.create({ _id: 'u1', name: 'Ängen', ...newWithEvents([created]) });
      const renamed = events.entry({ topic: 'hr.orgunit.v1', type: 'hr.OrgUnitRenamed', subject: 'u1', data: snapshot('u1', 'Ängsbacken', 2) }, origin);
      await model.updateOne({ _id: 'u1' }, withEvents<Unit>({ $set: { name: 'Ängsbacken' } }, [renamed]));
      const seen = await eventually(async () => topic.messages.map((m) => (m.value as { id: string }).id), (ids) => ids.length >= 2, 'both events, long before the relay scans', 20_000);
      expect(seen).toEqual([created._id, renamed._id]);
      expect(await eventually(() => model.findById('u1').lean(), (doc) => doc?.outboxPending === false, 'the outbox to be emptied')).toMatchObject({ outbox: [], name: 'Ängsbacken' });
    } finally {
      await topic.stop();
    }
  });

  it('scans less often while its scans find nothing, and still finds what no write announced', async () => {
    const scans: number[] = [];
    const countScans = (event: { commandName: string; command: Record<string, unknown> }) => {
      if (event.commandName === 'find' && event.command.find === 'relay_test_units' && (event.command.filter as Record<string, unknown>)?.outboxPending === true) scans.push(Date.now());
    };
    connection.getClient().on('commandStarted', countScans);
    const quick = createOutboxRelay({ logger, kafka, models: [model], pollMs: 50, maxPollMs: 400 });
    const topic = await readTopic(ns, naming.topic('hr.orgunit.v1'));
    try {
      await quick.start();
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      // 50, 100, 200, 400, 400 … ms apart: a fixed 50 ms would have scanned about 40 times
      expect(scans.length).toBeGreaterThanOrEqual(4);
      expect(scans.length).toBeLessThanOrEqual(12);
      // written past mongoose (no hook announces it): only a scan can find it
      const hidden = events.entry({ topic: 'hr.orgunit.v1', type: 'hr.OrgUnitCreated', subject: 'u9', data: snapshot('u9', 'Gömd', 1) }, origin);
      await model.collection.insertOne({ _id: 'u9', name: 'Gömd', ...newWithEvents([hidden]) } as never);
      const seen = await eventually(async () => topic.messages.map((m) => (m.value as { id: string }).id), (ids) => ids.includes(hidden._id), 'the unannounced event, found by a scan', 10_000);
      expect(seen.filter((id) => id === hidden._id)).toHaveLength(1);
    } finally {
      await topic.stop();
      await quick.stop();
      connection.getClient().off('commandStarted', countScans);
    }
  });
});
