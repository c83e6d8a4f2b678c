import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { eventually, readTopic } from '@performa/infra';
import { codes, startStack, token, type Stack } from './harness';

const CREATE_UNIT = `mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`;
const CREATE_GOAL = `mutation($i: CreateGoalInput!) { createGoal(input: $i) { id title status archived } }`;

describe('strategy: vision, terms and cascading goals, through the gateway', () => {
  let stack: Stack;
  let admin: string;
  let executive: string;
  let unitManager: string;
  const ids: Record<string, string> = {};
  const goalCount = () => stack.strategy.infra.connection.collection('goals').countDocuments();

  const goal = async (t: string, input: Record<string, unknown>) => {
    const result = await stack.gql<{ createGoal: { id: string } }>(CREATE_GOAL, { i: { termId: ids.term, perspective: 'RESIDENTS', ...input } }, t);
    expect(result.errors).toBeUndefined();
    return result.data?.createGoal.id as string;
  };

  beforeAll(async () => {
    stack = await startStack('gw-strategy');
    admin = await token(['ADMIN'], { sub: 'admin' });
    const unit = async (code: string, kind: string, parentId?: string) =>
      (await stack.gql<{ createOrgUnit: { id: string } }>(CREATE_UNIT, { i: { code, name: `Enhet ${code}`, kind, parentId } }, admin)).data?.createOrgUnit.id as string;
    ids.m = await unit('M', 'MUNICIPALITY');
    ids.b = await unit('B', 'BOARD', ids.m);
    ids.d = await unit('D', 'DEPARTMENT', ids.b);
    ids.u = await unit('U', 'UNIT', ids.d);
    ids.b2 = await unit('B2', 'BOARD', ids.m);
    ids.u2 = await unit('U2', 'UNIT', ids.b2);
    ids.u3 = await unit('U3', 'UNIT', ids.d);
    executive = await token(['EXECUTIVE'], { sub: 'kommundirektor', units: [ids.m as string] });
    unitManager = await token(['MANAGER'], { sub: 'chef-u', units: [ids.u as string] });
    // strategy learns the org tree from hr's events
    await eventually(() => stack.strategy.deps.org.get(ids.u3 as string), (u) => u !== null, "strategy's projection of the new units");
  });
  afterAll(() => stack?.stop());

  it('lets politicians set the vision and a term that starts after an election, and refuses others', async () => {
    const politician = await token(['POLITICIAN']);
    const vision = await stack.gql(`mutation { setVision(input: { text: "Eskilstuna – den stolta Fristaden" }) }`, {}, politician);
    expect(vision.data).toEqual({ setVision: 'Eskilstuna – den stolta Fristaden' });
    const term = await stack.gql<{ createTerm: { id: string; endYear: number } }>(`mutation { createTerm(input: { startYear: 2023 }) { id startYear endYear } }`, {}, politician);
    expect(term.data?.createTerm).toMatchObject({ startYear: 2023, endYear: 2026 });
    ids.term = term.data?.createTerm.id as string;

    expect(codes(await stack.gql(`mutation { createTerm(input: { startYear: 2024 }) { id } }`, {}, politician))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await stack.gql(`mutation { createTerm(input: { startYear: 2023 }) { id } }`, {}, politician))).toEqual(['CONFLICT']);
    expect(codes(await stack.gql(`mutation { setVision(input: { text: "Mine" }) }`, {}, unitManager))).toEqual(['FORBIDDEN']);
    expect((await stack.gql(`{ vision terms { startYear } }`, {}, unitManager)).data).toEqual({ vision: 'Eskilstuna – den stolta Fristaden', terms: [{ startYear: 2023 }] });
  });

  it("answers one query across hr and strategy: a unit's line of sight from the municipality down", async () => {
    ids.gm = await goal(executive, { title: 'Fler i arbete', ownerId: ids.m });
    ids.gb = await goal(executive, { title: 'Alla elever når målen', ownerId: ids.b, parentId: ids.gm, perspective: 'DEVELOPMENT' });
    ids.gu = await goal(unitManager, { title: 'Läsglädje i varje grupp', ownerId: ids.u, parentId: ids.gb });
    await goal(executive, { title: 'Grannens mål', ownerId: ids.b2 });

    const result = await stack.gql(
      `query($id: ID!) { orgUnit(id: $id) { name ancestors { name } goals(includeInherited: true) { title owner { name } parent { title } } } }`,
      { id: ids.u },
      unitManager,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      orgUnit: {
        name: 'Enhet U',
        ancestors: [{ name: 'Enhet M' }, { name: 'Enhet B' }, { name: 'Enhet D' }],
        goals: [
          { title: 'Fler i arbete', owner: { name: 'Enhet M' }, parent: null },
          { title: 'Alla elever når målen', owner: { name: 'Enhet B' }, parent: { title: 'Fler i arbete' } },
          { title: 'Läsglädje i varje grupp', owner: { name: 'Enhet U' }, parent: { title: 'Alla elever når målen' } },
        ],
      },
    });
    const own = await stack.gql(`query($id: ID!) { orgUnit(id: $id) { goals { title } } }`, { id: ids.u }, unitManager);
    expect(own.data).toEqual({ orgUnit: { goals: [{ title: 'Läsglädje i varje grupp' }] } });
  });

  it("shows a unit renamed in hr under its new name in strategy's projection", async () => {
    const renamed = Date.now();
    await stack.gql(`mutation($id: ID!) { renameOrgUnit(input: { id: $id, name: "Förskolan Solen" }) { name } }`, { id: ids.u }, admin);
    const projected = await eventually(() => stack.strategy.deps.org.get(ids.u as string), (u) => u?.name === 'Förskolan Solen', "the new name in strategy's projection");
    expect(projected).toMatchObject({ name: 'Förskolan Solen', version: 2 });
    // how long it took is for bench/, not a pass condition; it is printed for the record
    process.stdout.write(`rename reached strategy's projection in ${Date.now() - renamed} ms\n`);
  });

  it('refuses a goal for a unit that hr has closed, writing nothing', async () => {
    await stack.gql(`mutation($id: ID!) { closeOrgUnit(input: { id: $id, date: "2026-01-01" }) { closedOn } }`, { id: ids.u3 }, admin);
    await eventually(() => stack.strategy.deps.org.get(ids.u3 as string), (u) => u?.closedOn === '2026-01-01', "the closing in strategy's projection");
    const before = await goalCount();
    const result = await stack.gql(CREATE_GOAL, { i: { termId: ids.term, title: 'Too late', perspective: 'ECONOMY', ownerId: ids.u3 } }, executive);
    expect(codes(result)).toEqual(['CONFLICT']);
    expect(result.errors?.[0]?.message).toMatch(/closed on 2026-01-01/);
    expect(await goalCount()).toBe(before);
  });

  it("refuses a manager's goal for another unit (FORBIDDEN) and a parent goal of a sibling unit, writing nothing", async () => {
    const before = await goalCount();
    expect(codes(await stack.gql(CREATE_GOAL, { i: { termId: ids.term, title: 'Not mine', perspective: 'RESIDENTS', ownerId: ids.u2 } }, unitManager))).toEqual(['FORBIDDEN']);
    const sibling = await stack.gql(CREATE_GOAL, { i: { termId: ids.term, title: 'Sideways', perspective: 'RESIDENTS', ownerId: ids.u2, parentId: ids.gb } }, executive);
    expect(codes(sibling)).toEqual(['BAD_USER_INPUT']);
    expect(sibling.errors?.[0]?.message).toMatch(/same unit or one of its ancestors/);
    expect(await goalCount()).toBe(before);
  });

  it('answers NOT_FOUND for an unknown term, goal or unit', async () => {
    const before = await goalCount();
    expect(codes(await stack.gql(CREATE_GOAL, { i: { termId: 'no-term', title: 'X', perspective: 'RESIDENTS', ownerId: ids.u } }, executive))).toEqual(['NOT_FOUND']);
    expect(codes(await stack.gql(CREATE_GOAL, { i: { termId: ids.term, title: 'X', perspective: 'RESIDENTS', ownerId: ids.u, parentId: 'no-goal' } }, executive))).toEqual(['NOT_FOUND']);
    expect(codes(await stack.gql(CREATE_GOAL, { i: { termId: ids.term, title: 'X', perspective: 'RESIDENTS', ownerId: 'no-unit' } }, executive))).toEqual(['NOT_FOUND']);
    expect(await goalCount()).toBe(before);
  });

  it('makes a cycle between goals impossible', async () => {
    const first = await goal(executive, { title: 'Board goal one', ownerId: ids.b, parentId: ids.gm });
    const second = await goal(executive, { title: 'Board goal two', ownerId: ids.b, parentId: first });
    const cycle = await stack.gql(`mutation($i: UpdateGoalInput!) { updateGoal(input: $i) { id } }`, { i: { id: first, parentId: second } }, executive);
    expect(codes(cycle)).toEqual(['BAD_USER_INPUT']);
    expect(cycle.errors?.[0]?.message).toMatch(/below itself/);
    expect((await stack.gql(`query($id: ID!) { goal(id: $id) { parent { id } } }`, { id: first }, executive)).data).toEqual({ goal: { parent: { id: ids.gm } } });
  });

  it('refuses to archive a goal with live sub-goals, then archives it once they are archived', async () => {
    const archive = `mutation($id: ID!) { archiveGoal(input: { id: $id }) { archived } }`;
    expect(codes(await stack.gql(archive, { id: ids.gb }, executive))).toEqual(['CONFLICT']);
    const child = await goal(executive, { title: 'Temporary', ownerId: ids.b });
    expect((await stack.gql(archive, { id: child }, executive)).data).toEqual({ archiveGoal: { archived: true } });
    const goals = await readTopic(stack.ns, `${stack.ns.topicPrefix}strategy.goal.v1`);
    try {
      const archived = await eventually(async () => goals.messages.find((m) => (m.value as { type: string }).type === 'strategy.GoalArchived'), Boolean, 'a strategy.GoalArchived event');
      expect(archived?.value).toMatchObject({ source: 'strategy', subject: child, data: { id: child, archived: true, ownerId: ids.b, version: 2 } });
    } finally {
      await goals.stop();
    }
  });

  it("plans an activity and publishes its status changes", async () => {
    const created = await stack.gql<{ createActivity: { id: string } }>(
      `mutation($i: CreateActivityInput!) { createActivity(input: $i) { id status owner { name } goal { title } } }`,
      { i: { goalId: ids.gb, title: 'Läsombud på varje förskola', ownerId: ids.u, dueDate: '2026-06-30' } },
      unitManager,
    );
    expect(created.data).toMatchObject({ createActivity: { status: 'PLANNED', owner: { name: 'Förskolan Solen' }, goal: { title: 'Alla elever når målen' } } });
    const id = created.data?.createActivity.id;
    const updated = await stack.gql(`mutation($i: UpdateActivityInput!) { updateActivity(input: $i) { status comment } }`, { i: { id, status: 'DELAYED', comment: 'Vikariebrist' } }, unitManager);
    expect(updated.data).toEqual({ updateActivity: { status: 'DELAYED', comment: 'Vikariebrist' } });
    const topic = await readTopic(stack.ns, `${stack.ns.topicPrefix}strategy.activity.v1`);
    try {
      const changes = await eventually(async () => topic.messages.map((m) => (m.value as { data: { status: string; previousStatus: string | null } }).data), (l) => l.length === 2, 'two activity status events');
      expect(changes.map((c) => [c.previousStatus, c.status])).toEqual([[null, 'PLANNED'], ['PLANNED', 'DELAYED']]);
    } finally {
      await topic.stop();
    }
  });

  it("follows the scorecard's goal fulfilment into Goal.status, ignoring an older one that arrives late", async () => {
    const kafka = new Kafka({ clientId: `${stack.ns.id}-scorecard`, brokers: stack.ns.kafkaBrokers, logLevel: logLevel.NOTHING });
    const producer = kafka.producer();
    await producer.connect();
    // all on one key, so one partition: they are consumed in the order sent
    const send = (status: string, version: number, goalId = ids.gu) =>
      producer.send({
        topic: `${stack.ns.topicPrefix}scorecard.goal-fulfilment.v1`,
        messages: [{ key: ids.gu, value: JSON.stringify({ id: randomUUID(), type: 'scorecard.GoalFulfilmentChanged', version: 1, source: 'scorecard', subject: goalId, tenant: 'eskilstuna', occurredAt: new Date().toISOString(), actor: 'system', data: { goalId, status, version } }) }],
      });
    try {
      const statusOf = async (id = ids.gu) => (await stack.gql<{ goal: { status: string } }>(`query($id: ID!) { goal(id: $id) { status } }`, { id }, unitManager)).data?.goal.status;
      expect(await statusOf()).toBe('NOT_MEASURED');
      await send('OFF_TRACK', 2);
      await eventually(() => statusOf(), (s) => s === 'OFF_TRACK', 'Goal.status to become OFF_TRACK');
      await send('ON_TRACK', 1); // late: older than what was applied
      await send('OFF_TRACK', 2); // a redelivery of the same fact
      await send('AT_RISK', 1, ids.gb); // a marker behind them on the same partition
      await eventually(() => statusOf(ids.gb), (s) => s === 'AT_RISK', 'the marker event behind the late ones');
      expect(await statusOf()).toBe('OFF_TRACK');
    } finally {
      await producer.disconnect();
    }
  });
});
