import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { eventually, serviceTestEnv, TEST_JWT_SECRET, testNamespace } from '@performa/infra';
import { ContractRegistry, createLogger, envelope, signToken, type EventEnvelope } from '@performa/platform';
import { loadEnvironment, startNotifications, verifySignature, type NotificationsService } from '../src';
import { notificationId } from '../src/domain/kinds';

/*
 * notifications on its own against the real Kafka and MongoDB-protocol server of the test run:
 * the other domains' events are produced here, exactly as their contracts describe them.
 */
const ns = testNamespace('notifications');
const logger = createLogger({ service: 'notifications-test', level: 'silent' });
const contracts: ContractRegistry = new ContractRegistry();
const env = (extra: Record<string, string> = {}) =>
  loadEnvironment(serviceTestEnv(ns, { WEBHOOK_BACKOFF_MS: '100', WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_POLL_MS: '50', CHECK_INTERVAL_MS: '0', ...extra }));
const tenant = 'eskilstuna';

interface Gql<T> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

/** A webhook receiver: answers with the given statuses in turn (then the last one), keeps every request. */
function receiver(statuses: number[]) {
  const requests: Array<{ body: string; headers: IncomingMessage['headers'] }> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ body: Buffer.concat(chunks).toString(), headers: req.headers });
      res.statusCode = statuses[Math.min(requests.length, statuses.length) - 1] ?? 200;
      res.end();
    });
  });
  return {
    requests,
    async start() {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/performa`;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('notifications: events → the right people, once; webhooks signed and retried', () => {
  let service: NotificationsService;
  let second: NotificationsService | undefined;
  let producer: Producer;
  const receivers: Array<ReturnType<typeof receiver>> = [];
  let version = 1;

  const gql = async <T>(query: string, variables: Record<string, unknown>, sub: string, roles = ['MANAGER']) => {
    const token = await signToken({ sub, roles: roles as never, units: [], tenant }, TEST_JWT_SECRET);
    const response = await fetch(service.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as Gql<T>;
  };
  const myNotifications = async (sub: string, args = '') =>
    (await gql<{ myNotifications: Array<{ id: string; kind: string; title: string; body: string; subjectId: string; read: boolean; cursor: string }> }>(`{ myNotifications${args} { id kind title body subjectId read cursor } }`, {}, sub)).data?.myNotifications ?? [];

  /** An event as its contract says, produced to its topic (optionally to one partition, or as it was before). */
  async function publish(topic: string, type: string, subject: string, data: Record<string, unknown>, options: { partition?: number; again?: EventEnvelope; occurredAt?: Date } = {}): Promise<EventEnvelope> {
    const event = options.again ?? envelope({ topic, type, subject, data }, { source: 'test', tenant, actor: 'test' }, options.occurredAt);
    contracts.validate(event);
    await producer.send({ topic: `${ns.topicPrefix}${topic}`, messages: [{ key: subject, value: JSON.stringify(event), ...(options.partition === undefined ? {} : { partition: options.partition }) }] });
    return event;
  }
  const unit = (id: string, parentId: string | null, ancestors: string[], managerId: string | null, kind = 'UNIT') =>
    publish('hr.orgunit.v1', 'hr.OrgUnitCreated', id, { id, code: id.toUpperCase(), name: `Enhet ${id}`, kind, parentId, ancestors, managerId, closedOn: null, version: version++ });
  const light = (indicatorId: string, unitId: string, month: string, previousLight: string, to: string, options: { partition?: number; occurredAt?: Date } = {}) =>
    publish('scorecard.indicator.v1', 'scorecard.IndicatorLightChanged', indicatorId, { indicatorId, unitId, goalId: null, month, previousLight, light: to, value: 9.5, version: version++ }, options);
  /** An event whose effect can be seen: handled after everything sent before it to the same partition. */
  let markers = 0;
  async function marker(indicatorId: string, partition?: number) {
    // a month long past, so the indicator's latest month stays as it was
    const month = `${1900 + ++markers}-01`;
    const id = `${indicatorId}:${month}`;
    await publish('scorecard.indicator.v1', 'scorecard.MeasurementRecorded', indicatorId, { indicatorId, unitId: 'u1', month, value: 1, light: 'GREEN', version: version++ }, { partition });
    await eventually(() => service.deps.models.ReportedMonth.exists({ _id: id }), Boolean, `the marker ${id}`);
  }
  const count = (eventId: string, recipient: string) => service.deps.models.Notification.countDocuments({ _id: notificationId(eventId, recipient) });
  /** what the person sees: their notifications about the indicator's month, whatever their ids */
  const about = (recipient: string, month: string) => service.deps.models.Notification.countDocuments({ recipient, title: new RegExp(`\\(${month}\\)$`) });

  beforeAll(async () => {
    service = await startNotifications(env(), logger);
    const kafka = new Kafka({ clientId: `${ns.id}-producer`, brokers: ns.kafkaBrokers, logLevel: logLevel.NOTHING });
    producer = kafka.producer();
    await producer.connect();
    // the municipality (manager kommunchef), a board (bo), two units under it (anna, cecilia)
    await unit('m', null, [], 'kommunchef', 'MUNICIPALITY');
    await unit('b', 'm', ['m'], 'bo', 'BOARD');
    await unit('u1', 'b', ['m', 'b'], 'anna');
    await unit('u2', 'b', ['m', 'b'], 'cecilia');
    await publish('scorecard.indicator.v1', 'scorecard.IndicatorDefined', 'i1', { indicatorId: 'i1', name: 'Sjukfrånvaro', unitId: 'u1', goalId: null, source: 'HR_SICK_LEAVE_RATE', version: 1 });
    await eventually(() => service.deps.models.OrgUnit.countDocuments(), (n) => n === 4, 'the org projection');
    await eventually(() => service.deps.models.Indicator.findById('i1').lean(), (i) => i?.name === 'Sjukfrånvaro', 'the indicator projection');
  });

  afterAll(async () => {
    await producer?.disconnect();
    await second?.stop();
    await service?.stop();
    await service?.infra.connection.dropDatabase().catch(() => undefined);
    for (const r of receivers) await r.stop();
  });

  it("tells the unit's manager and the board's manager that a light turned RED, and no one else", async () => {
    const event = await light('i1', 'u1', '2026-03', 'GREEN', 'RED');
    const anna = await eventually(() => myNotifications('anna'), (l) => l.length === 1, "anna's notification");
    expect(anna[0]).toMatchObject({ id: notificationId(event.id, 'anna'), kind: 'INDICATOR_LIGHT', title: 'Sjukfrånvaro is RED for Enhet u1 (2026-03)', subjectId: 'i1', read: false });
    expect(anna[0]?.body).toBe('Sjukfrånvaro is 9.5 for 2026-03; it was GREEN.');
    await eventually(() => myNotifications('bo'), (l) => l.length === 1, "bo's notification");
    expect(await myNotifications('cecilia')).toEqual([]);
    expect(await myNotifications('kommunchef')).toEqual([]);
  });

  it('keeps one notification when the same event is delivered again', async () => {
    const event = await light('i1', 'u1', '2026-04', 'RED', 'YELLOW');
    await eventually(() => count(event.id, 'anna'), (n) => n === 1, 'the first delivery');
    // the same envelope (same id) again, as a broker redelivers it
    await publish('scorecard.indicator.v1', 'scorecard.IndicatorLightChanged', 'i1', {}, { again: event });
    await publish('scorecard.indicator.v1', 'scorecard.IndicatorLightChanged', 'i1', {}, { again: event });
    await marker('i1');
    expect(await count(event.id, 'anna')).toBe(1);
    expect(await about('anna', '2026-04')).toBe(1);
    expect(await about('bo', '2026-04')).toBe(1);
  });

  it('keeps one notification when two instances of the group handle the same event at once', async () => {
    second = await startNotifications(env(), logger);
    // both instances in the group, each with one of the two partitions
    await eventually(async () => {
      const admin = new Kafka({ clientId: `${ns.id}-admin`, brokers: ns.kafkaBrokers, logLevel: logLevel.NOTHING }).admin();
      await admin.connect();
      try {
        const group = (await admin.describeGroups([`${ns.topicPrefix}notifications`])).groups[0];
        return group?.state === 'Stable' ? group.members.length : 0;
      } finally {
        await admin.disconnect();
      }
    }, (members) => members === 2, 'both instances to share the group');
    const event = await light('i1', 'u1', '2026-05', 'YELLOW', 'RED');
    // the same envelope to both partitions: each instance gets a copy
    await Promise.all([0, 1].map((partition) => publish('scorecard.indicator.v1', event.type, 'i1', {}, { again: event, partition })));
    await Promise.all([marker('i1', 0), marker('i1', 1)]);
    expect(await count(event.id, 'anna')).toBe(1);
    expect(await about('anna', '2026-05')).toBe(1);
    expect(await about('bo', '2026-05')).toBe(1);
    await second.stop();
    second = undefined;
  });

  it('notifies no one of an old event replayed from history, but still learns from it', async () => {
    const old = await light('i1', 'u1', '2026-06', 'GREEN', 'RED', { occurredAt: new Date(Date.now() - 3 * 86_400_000) });
    await marker('i1');
    expect(await count(old.id, 'anna')).toBe(0);
    expect((await service.deps.models.Indicator.findById('i1').lean())?.latestMonth).toBe('2026-06');
    // and a change of an older month than the latest is a correction, not news
    const correction = await light('i1', 'u1', '2026-02', 'GREEN', 'RED');
    await marker('i1');
    expect(await count(correction.id, 'anna')).toBe(0);
  });

  it("tells an employee of a drafted agreement, the manager when the employee signed, and a goal owner's manager when it goes off track", async () => {
    const drafted = await publish('hr.agreement.v1', 'hr.AgreementDrafted', 'a1', { agreementId: 'a1', employeeId: 'eva', unitId: 'u1', year: 2026, goalIds: ['g1', 'g2'], version: 1 });
    const signed = await publish('hr.agreement.v1', 'hr.AgreementSigned', 'a1', { agreementId: 'a1', employeeId: 'eva', unitId: 'u1', year: 2026, status: 'SIGNED_BY_EMPLOYEE', signedBy: 'eva', version: 2 });
    // anna manages u1 herself: her own agreement goes to the board's manager
    const own = await publish('hr.agreement.v1', 'hr.AgreementSigned', 'a2', { agreementId: 'a2', employeeId: 'anna', unitId: 'u1', year: 2026, status: 'SIGNED_BY_EMPLOYEE', signedBy: 'anna', version: 2 });
    await publish('strategy.goal.v1', 'strategy.GoalCreated', 'g1', goal(1));
    // a goal is known long before it can go off track; on two topics the order is not guaranteed, and
    // an off-track event for a goal not yet projected is retried, then dead-lettered (README, known limits)
    await eventually(() => service.deps.models.Goal.findById('g1').lean(), Boolean, 'the goal in the projection');
    const offTrack = await publish('scorecard.goal-fulfilment.v1', 'scorecard.GoalFulfilmentChanged', 'g1', { goalId: 'g1', status: 'OFF_TRACK', previousStatus: 'AT_RISK', month: '2026-03', version: 1 });
    await eventually(() => count(drafted.id, 'eva'), (n) => n === 1, "eva's agreement to sign");
    await eventually(() => count(signed.id, 'anna'), (n) => n === 1, "anna's agreement to countersign");
    await eventually(() => count(own.id, 'bo'), (n) => n === 1, "bo's agreement to countersign");
    await eventually(() => count(offTrack.id, 'cecilia'), (n) => n === 1, "cecilia's goal off track");
    expect((await myNotifications('eva'))[0]).toMatchObject({ kind: 'AGREEMENT_TO_SIGN', title: 'Your agreement for 2026 is ready to sign', subjectId: 'a1' });
    expect((await myNotifications('cecilia'))[0]).toMatchObject({ kind: 'GOAL_OFF_TRACK', title: 'Goal off track: Trygg omsorg', subjectId: 'g1' });
    expect(await count(own.id, 'anna')).toBe(0);
  });

  it('reminds managers of missing manual values and forecasts once per unit and month, however often the check runs', async () => {
    const third = await startNotifications(env(), logger);
    try {
      const defined = (id: string, name: string, unitId: string, on: string) =>
        publish('scorecard.indicator.v1', 'scorecard.IndicatorDefined', id, { indicatorId: id, name, unitId, goalId: null, source: 'MANUAL', version: 1 }, { occurredAt: new Date(on) });
      await defined('m1', 'Nöjda brukare', 'u1', '2026-10-01T09:00:00Z');
      await defined('m2', 'Antal besök', 'u1', '2026-11-30T09:00:00Z');
      await defined('m3', 'Lånade böcker', 'u2', '2026-10-01T09:00:00Z');
      // created in December: it owes nothing for November
      await defined('m4', 'Nya låntagare', 'u2', '2026-12-02T09:00:00Z');
      await publish('scorecard.indicator.v1', 'scorecard.MeasurementRecorded', 'm3', { indicatorId: 'm3', unitId: 'u2', month: '2026-11', value: 120, light: 'GREEN', version: 1 });
      for (const u of ['u1', 'u2']) await publish('finance.budget.v1', 'finance.BudgetApproved', u, { unitId: u, year: 2026, budgetYearOre: 100_000_00, status: 'APPROVED', version: 2 });
      await publish('finance.forecast.v1', 'finance.ForecastSubmitted', 'u2', { unitId: 'u2', year: 2026, month: '2026-11', yearEndOre: 99_000_00, forecastId: 'f1' });
      await eventually(() => service.deps.models.ForecastMonth.countDocuments(), (n) => n === 1, 'the forecast projection');
      await eventually(() => service.deps.models.ReportedMonth.exists({ _id: 'm3:2026-11' }), Boolean, 'the measurement projection');
      await eventually(() => service.deps.models.BudgetYear.countDocuments(), (n) => n === 2, 'the budget projection');
      await eventually(() => service.deps.models.Indicator.countDocuments({ source: 'MANUAL' }), (n) => n === 4, 'the manual indicators');

      // the 4th of December 2026 is the 4th working day: nothing is late yet
      expect(await service.deps.checks.run(new Date('2026-12-04T08:00:00Z'))).toEqual({ measurementMonth: null, measurementReminders: 0, forecastMonth: null, forecastReminders: 0 });
      // the 7th is the 5th: twice on one replica, and at once on another
      const results = await Promise.all([service.deps.checks.run(new Date('2026-12-07T08:00:00Z')), third.deps.checks.run(new Date('2026-12-07T08:00:00Z'))]);
      const again = await service.deps.checks.run(new Date('2026-12-08T08:00:00Z'));
      const created = [...results, again].reduce((sum, r) => sum + r.measurementReminders + r.forecastReminders, 0);
      expect(created).toBe(2);

      const reminders = (await myNotifications('anna')).filter((n) => n.kind === 'MEASUREMENT_MISSING' || n.kind === 'FORECAST_MISSING');
      expect(reminders.map((n) => n.kind).sort()).toEqual(['FORECAST_MISSING', 'MEASUREMENT_MISSING']);
      const missing = reminders.find((n) => n.kind === 'MEASUREMENT_MISSING');
      expect(missing).toMatchObject({ title: 'Enhet u1: 2 indicators have no value for 2026-11', subjectId: 'u1' });
      expect(missing?.body).toContain('Antal besök, Nöjda brukare');
      // u2 reported and forecast: nothing for cecilia
      expect((await myNotifications('cecilia')).filter((n) => n.kind !== 'GOAL_OFF_TRACK')).toEqual([]);
    } finally {
      await third.stop();
    }
  });

  it('shows people only their own notifications, pages them, and marks them read', async () => {
    const [first] = await myNotifications('anna');
    expect(first).toBeDefined();
    const stranger = await gql<unknown>(`mutation($id: ID!) { markNotificationRead(input: { id: $id }) { id } }`, { id: first?.id }, 'cecilia');
    expect(stranger.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    expect((await service.deps.models.Notification.findById(first?.id).lean())?.read).toBe(false);

    const read = await gql<{ markNotificationRead: { read: boolean } }>(`mutation($id: ID!) { markNotificationRead(input: { id: $id }) { read } }`, { id: first?.id }, 'anna');
    expect(read.data?.markNotificationRead.read).toBe(true);
    const all = await myNotifications('anna');
    expect((await myNotifications('anna', '(unreadOnly: true)')).map((n) => n.id)).toEqual(all.filter((n) => n.id !== first?.id).map((n) => n.id));

    // two at a time, newest first, to the end
    const pages: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await myNotifications('anna', after ? `(first: 2, after: "${after}")` : '(first: 2)');
      pages.push(...page.map((n) => n.id));
      if (page.length < 2) break;
      after = page.at(-1)?.cursor;
    }
    expect(pages).toEqual(all.map((n) => n.id));
    expect((await gql<unknown>(`{ myNotifications(first: 500) { id } }`, {}, 'anna')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await gql<unknown>(`{ myNotifications(after: "nonsense") { id } }`, {}, 'anna')).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a bad webhook with a clear error and stores nothing', async () => {
    const register = (input: object, sub = 'anna', roles = ['MANAGER']) => gql<{ registerWebhook: string }>(`mutation($i: RegisterWebhookInput!) { registerWebhook(input: $i) }`, { i: input }, sub, roles);
    const before = await service.deps.models.Webhook.countDocuments();
    const refusals = [
      await register({ url: 'ftp://example.org/in', kinds: ['INDICATOR_LIGHT'] }),
      await register({ url: 'https://example.org/in', kinds: [] }),
      await register({ url: 'https://example.org/in', kinds: ['INDICATOR_LIGHT', 'SOMETHING'] }),
      await register({ url: 'https://example.org/in', kinds: ['INDICATOR_LIGHT'], scope: 'TENANT' }),
    ];
    expect(refusals.map((r) => r.errors?.[0]?.extensions?.code)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT', 'BAD_USER_INPUT', 'FORBIDDEN']);
    expect(refusals[0]?.errors?.[0]?.message).toBe('url must be http or https, not ftp.');
    expect(refusals[2]?.errors?.[0]?.message).toMatch(/^Unknown kinds: SOMETHING\. Known: INDICATOR_LIGHT, /);
    expect(await service.deps.models.Webhook.countDocuments()).toBe(before);
  });

  it('delivers a signed POST once after two 500s, with every attempt recorded; the secret is shown once', async () => {
    const hook = receiver([500, 500, 200]);
    receivers.push(hook);
    const url = await hook.start();
    const registered = await gql<{ registerWebhook: string }>(`mutation($u: String!) { registerWebhook(input: { url: $u, kinds: ["INDICATOR_LIGHT"] }) }`, { u: url }, 'anna');
    const id = registered.data?.registerWebhook as string;
    const reveal = `mutation($id: ID!) { revealWebhookSecret(id: $id) }`;
    expect((await gql<unknown>(reveal, { id }, 'bo')).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const secret = (await gql<{ revealWebhookSecret: string }>(reveal, { id }, 'anna')).data?.revealWebhookSecret as string;
    expect(secret).toMatch(/^whsec_/);
    expect((await gql<unknown>(reveal, { id }, 'anna')).errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const event = await light('i1', 'u1', '2026-07', 'GREEN', 'RED');
    const deliveries = `query { myWebhooks { id deliveries { notificationId status attempts attemptLog { statusCode error } } } }`;
    type Deliveries = { myWebhooks: Array<{ id: string; deliveries: Array<{ notificationId: string; status: string; attempts: number; attemptLog: Array<{ statusCode: number; error: string | null }> }> }> };
    const done = await eventually(async () => (await gql<Deliveries>(deliveries, {}, 'anna')).data?.myWebhooks.find((w) => w.id === id)?.deliveries[0], (d) => d?.status === 'DELIVERED', 'the delivery');
    expect(done).toEqual({
      notificationId: notificationId(event.id, 'anna'),
      status: 'DELIVERED',
      attempts: 3,
      attemptLog: [
        { statusCode: 500, error: 'HTTP 500' },
        { statusCode: 500, error: 'HTTP 500' },
        { statusCode: 200, error: null },
      ],
    });
    expect(hook.requests).toHaveLength(3);
    for (const request of hook.requests) {
      expect(verifySignature(secret, request.body, request.headers['x-performa-signature'] as string)).toBe(true);
      expect(verifySignature('whsec_wrong', request.body, request.headers['x-performa-signature'] as string)).toBe(false);
    }
    const body = JSON.parse(hook.requests[2]?.body ?? '{}') as { webhookId: string; notification: { kind: string; title: string; recipient: string } };
    expect(body).toMatchObject({ webhookId: id, notification: { kind: 'INDICATOR_LIGHT', title: 'Sjukfrånvaro is RED for Enhet u1 (2026-07)', recipient: 'anna' } });
    // bo's notification of the same event is his, not anna's webhook's
    expect(hook.requests.every((r) => r.body.includes('"recipient":"anna"'))).toBe(true);
  });

  it('gives up after the last allowed attempt and records the failure', async () => {
    const hook = receiver([503]);
    receivers.push(hook);
    const url = await hook.start();
    const id = (await gql<{ registerWebhook: string }>(`mutation($u: String!) { registerWebhook(input: { url: $u, kinds: ["INDICATOR_LIGHT"] }) }`, { u: url }, 'bo')).data?.registerWebhook as string;
    await light('i1', 'u1', '2026-08', 'GREEN', 'RED');
    const failed = await eventually(() => service.deps.models.Delivery.findOne({ webhookId: id }).lean(), (d) => d?.status === 'FAILED', 'the delivery to be given up');
    expect(failed?.attempts).toBe(3);
    expect(failed?.log.map((a) => a.statusCode)).toEqual([503, 503, 503]);
    // the event was consumed long before: delivery never held up the topic
    expect(hook.requests).toHaveLength(3);
  });
});

function goal(v: number) {
  return { id: 'g1', termId: 't1', title: 'Trygg omsorg', perspective: 'RESIDENTS', ownerId: 'u2', parentId: null, archived: false, version: v };
}
