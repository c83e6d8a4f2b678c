import { eventually, serviceTestEnv, startPrivateKafka, TEST_JWT_SECRET, testNamespace, type PrivateKafka } from '@performa/infra';
import { ContractRegistry, createEventConsumer, createKafka, createLogger, signToken, topicNaming, type EventConsumer } from '@performa/platform';
import { loadEnvironment, startHr, type HrService } from '../src';

const ns = testNamespace('hr-outage');
const logger = createLogger({ service: 'hr-outage', level: 'silent' });

async function gql(url: string, query: string, variables: Record<string, unknown>, token: string) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data?: Record<string, { id: string }>; errors?: unknown[] };
}

describe('the outbox across a Kafka outage', () => {
  let kafka: PrivateKafka;
  let hr: HrService;
  let consumer: EventConsumer | undefined;

  beforeAll(async () => {
    kafka = await startPrivateKafka();
    hr = await startHr(loadEnvironment(serviceTestEnv(ns, { KAFKA_BROKERS: kafka.brokers.join(',') })), logger);
  });
  afterAll(async () => {
    await consumer?.stop();
    await hr?.stop();
    await hr?.infra.connection.dropDatabase().catch(() => undefined);
    await kafka?.destroy();
  });

  it('accepts a hire while Kafka is down and delivers its event exactly once when Kafka is back', async () => {
    const admin = await signToken({ sub: 'admin', roles: ['ADMIN'] }, TEST_JWT_SECRET);
    const root = await gql(hr.url, `mutation { createOrgUnit(input: { code: "ROOT", name: "Kommunen", kind: MUNICIPALITY }) { id } }`, {}, admin);
    const board = await gql(hr.url, `mutation($p: ID!) { createOrgUnit(input: { code: "B1", name: "Nämnden", kind: BOARD, parentId: $p }) { id } }`, { p: root.data?.createOrgUnit?.id }, admin);

    await kafka.kill();
    const hired = await gql(
      hr.url,
      `mutation($u: ID!) { hireEmployee(input: { unitId: $u, firstName: "Eva", lastName: "Ek", email: "eva@example.org", fte: 1, startDate: "2026-01-01" }) { id } }`,
      { u: board.data?.createOrgUnit?.id },
      admin,
    );
    expect(hired.errors).toBeUndefined();
    const employeeId = hired.data?.hireEmployee?.id as string;
    // the event waits in the employee's own document
    const pending = await hr.infra.connection.collection('employees').findOne({ _id: employeeId as never });
    expect(pending?.outbox).toHaveLength(1);

    await kafka.start();
    const received: string[] = [];
    const client = createKafka({ clientId: `${ns.id}-probe`, brokers: kafka.brokers, logger });
    consumer = createEventConsumer({
      logger,
      kafka: client,
      naming: topicNaming(ns.topicPrefix),
      contracts: new ContractRegistry(),
      connection: hr.infra.connection,
      group: 'outage-probe',
      subscriptions: [{ topic: 'hr.employee.v1', handlers: { 'hr.EmployeeHired': async (event) => void received.push(event.subject) } }],
      maxAttempts: 3,
      backoffMs: 50,
    });
    await consumer.start();
    await eventually(async () => received, (r) => r.includes(employeeId), 'the EmployeeHired event after Kafka came back', 60_000);
    const drained = await eventually(() => hr.infra.connection.collection('employees').findOne({ _id: employeeId as never }), (doc) => doc?.outbox?.length === 0, 'the outbox to drain');
    expect(drained?.outboxPending).toBe(false);
    // give a duplicate time to show up, then count
    await new Promise((r) => setTimeout(r, 1_000));
    expect(received.filter((id) => id === employeeId)).toHaveLength(1);
  });
});
