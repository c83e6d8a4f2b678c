import { eventually, readTopic, type TopicMessage } from '@performa/infra';
import { startStack, token, type Stack } from './harness';

const CREATE_UNIT = `mutation($input: CreateOrgUnitInput!) { createOrgUnit(input: $input) { id code name kind parent { id } } }`;
const HIRE = `mutation($input: HireEmployeeInput!) { hireEmployee(input: $input) { id fte unit { id } } }`;
const METRICS = `query($id: ID!, $month: Month!) { orgUnit(id: $id) { name hrMetrics(month: $month) { month headcount fte sickLeaveRate turnoverRate } } }`;

// hr's clock: the last day of March 2026, so the metrics feed covers January–March
const now = () => new Date('2026-03-31T12:00:00Z');

describe('the org tree and staff, end to end through the gateway', () => {
  let stack: Stack;
  let admin: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startStack('gw-org', { now });
    admin = await token(['ADMIN'], { sub: 'admin-1' });
  });
  afterAll(() => stack?.stop());

  async function createUnit(code: string, name: string, kind: string, parentId?: string): Promise<string> {
    const result = await stack.gql<{ createOrgUnit: { id: string } }>(CREATE_UNIT, { input: { code, name, kind, parentId } }, admin);
    expect(result.errors).toBeUndefined();
    return (result.data as { createOrgUnit: { id: string } }).createOrgUnit.id;
  }

  it('builds municipality → board → department → two units, staffs them, and rolls HR metrics up by hand-checked figures', async () => {
    ids.municipality = await createUnit('ESK', 'Eskilstuna kommun', 'MUNICIPALITY');
    ids.board = await createUnit('BUN', 'Barn- och utbildningsnämnden', 'BOARD', ids.municipality);
    ids.department = await createUnit('BUN-FSK', 'Förskola', 'DEPARTMENT', ids.board);
    ids.unitA = await createUnit('BUN-FSK-A', 'Förskolan Ängen', 'UNIT', ids.department);
    ids.unitB = await createUnit('BUN-FSK-B', 'Förskolan Backen', 'UNIT', ids.department);

    const hire = async (unitId: string, n: number, fte: number) => {
      const result = await stack.gql<{ hireEmployee: { id: string } }>(
        HIRE,
        { input: { unitId, firstName: `Anna${n}`, lastName: `Andersson${n}`, email: `anna${n}@eskilstuna.example`, title: 'Förskollärare', fte, startDate: '2026-01-01' } },
        admin,
      );
      expect(result.errors).toBeUndefined();
      return (result.data as { hireEmployee: { id: string } }).hireEmployee.id;
    };
    ids.e1 = await hire(ids.unitA, 1, 1);
    ids.e2 = await hire(ids.unitA, 2, 0.5);
    ids.e3 = await hire(ids.unitB, 3, 1);

    const transfer = await stack.gql(`mutation($input: TransferEmployeeInput!) { transferEmployee(input: $input) { id unit { id } } }`, { input: { id: ids.e2, unitId: ids.unitB, date: '2026-03-16' } }, admin);
    expect(transfer.data).toEqual({ transferEmployee: { id: ids.e2, unit: { id: ids.unitB } } });
    const terminate = await stack.gql(`mutation($input: TerminateEmployeeInput!) { terminateEmployee(input: $input) { endDate } }`, { input: { id: ids.e3, endDate: '2026-03-20' } }, admin);
    expect(terminate.data).toEqual({ terminateEmployee: { endDate: '2026-03-20' } });
    const sick = await stack.gql(`mutation($input: ReportSickLeaveInput!) { reportSickLeave(input: $input) { id } }`, { input: { employeeId: ids.e1, from: '2026-03-02', to: '2026-03-06', percent: 100 } }, admin);
    expect(sick.errors).toBeUndefined();

    // March 2026 by hand. Employed days × FTE: e1 31 × 1, e2 31 × 0.5 (15 in A, 16 in B), e3 20 × 1 = 66.5;
    // sick: e1 5 days × 100 % × 1 = 5 → 7.52 %. Month-end headcount: e1, e2 → 2 (1.5 FTE).
    // Turnover: 1 leaver (e3) / average month-end headcount (3 + 3 + 2) / 12 → 150 %.
    const board = await stack.gql(METRICS, { id: ids.board, month: '2026-03' }, admin);
    expect(board.errors).toBeUndefined();
    expect(board.data).toEqual({
      orgUnit: { name: 'Barn- och utbildningsnämnden', hrMetrics: { month: '2026-03', headcount: 2, fte: 1.5, sickLeaveRate: 7.52, turnoverRate: 150 } },
    });
    // unit A: e1 31 × 1 + e2 15 × 0.5 = 38.5 employed, 5 sick → 12.99 %
    const unitA = await stack.gql(METRICS, { id: ids.unitA, month: '2026-03' }, admin);
    expect(unitA.data).toMatchObject({ orgUnit: { hrMetrics: { headcount: 1, fte: 1, sickLeaveRate: 12.99, turnoverRate: 0 } } });
    // unit B: e2 16 × 0.5 + e3 20 × 1 = 28 employed, none sick; 1 leaver / (1 + 1 + 1) / 12 → 400 %
    const unitB = await stack.gql(METRICS, { id: ids.unitB, month: '2026-03' }, admin);
    expect(unitB.data).toMatchObject({ orgUnit: { hrMetrics: { headcount: 1, fte: 0.5, sickLeaveRate: 0, turnoverRate: 400 } } });
  });

  it('publishes the matching events with their envelope, keyed by aggregate', async () => {
    const orgTopic = await readTopic(stack.ns, `${stack.ns.topicPrefix}hr.orgunit.v1`);
    const employeeTopic = await readTopic(stack.ns, `${stack.ns.topicPrefix}hr.employee.v1`);
    try {
      const created = await eventually(
        async () => orgTopic.messages.filter((m) => (m.value as { type: string }).type === 'hr.OrgUnitCreated'),
        (list) => list.length === 5,
        'five hr.OrgUnitCreated events',
      );
      const board = created.find((m) => m.key === ids.board) as TopicMessage;
      expect(board.value).toMatchObject({
        type: 'hr.OrgUnitCreated',
        version: 1,
        source: 'hr',
        subject: ids.board,
        tenant: 'eskilstuna',
        actor: 'admin-1',
        data: { id: ids.board, code: 'BUN', kind: 'BOARD', parentId: ids.municipality, ancestors: [ids.municipality] },
      });
      expect((board.value as { id: string }).id).toMatch(/^[0-9a-f-]{36}$/);
      expect(new Date((board.value as { occurredAt: string }).occurredAt).toString()).not.toBe('Invalid Date');

      const types = await eventually(
        async () => employeeTopic.messages.map((m) => `${(m.value as { type: string }).type}:${m.key}`),
        (list) => list.length === 6,
        'six events on hr.employee.v1',
      );
      expect(types.sort()).toEqual(
        [`hr.EmployeeHired:${ids.e1}`, `hr.EmployeeHired:${ids.e2}`, `hr.EmployeeHired:${ids.e3}`, `hr.EmployeeTransferred:${ids.e2}`, `hr.EmployeeTerminated:${ids.e3}`, `hr.SickLeaveReported:${ids.e1}`].sort(),
      );
      const sick = employeeTopic.messages.find((m) => (m.value as { type: string }).type === 'hr.SickLeaveReported');
      // GDPR: the event names the unit and the month, never the dates or the extent
      expect((sick?.value as { data: unknown }).data).toEqual({ employeeId: ids.e1, unitId: ids.unitA, months: ['2026-03'], version: 2 });
    } finally {
      await orgTopic.stop();
      await employeeTopic.stop();
    }
  });

  it("feeds the board's March metrics to hr.metrics.v1, ending at the figures the graph shows", async () => {
    const topic = await readTopic(stack.ns, `${stack.ns.topicPrefix}hr.metrics.v1`);
    try {
      const latest = await eventually(
        async () => {
          const forBoard = topic.messages.map((m) => (m.value as { data: { unitId: string; month: string; version: number } }).data).filter((d) => d.unitId === ids.board && d.month === '2026-03');
          return forBoard.sort((a, b) => b.version - a.version)[0];
        },
        (d) => (d as { sickLeaveRate?: number } | undefined)?.sickLeaveRate === 7.52,
        "the board's March metrics with the sick leave included",
      );
      expect(latest).toMatchObject({ headcount: 2, fte: 1.5, sickLeaveRate: 7.52, turnoverRate: 150 });
    } finally {
      await topic.stop();
    }
  });

  it('lists a unit’s current staff a page at a time, with its descendants when asked', async () => {
    const page = `query($id: ID!, $after: String) { orgUnit(id: $id) { employees(first: 1, after: $after, includeDescendants: true) { totalCount edges { cursor node { id lastName } } pageInfo { hasNextPage endCursor } } } }`;
    type Page = { orgUnit: { employees: { totalCount: number; edges: Array<{ node: { id: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string } } } };
    // hr's clock is 31 March: e3 left on the 20th, so the board has e1 and e2
    const first = await stack.gql<Page>(page, { id: ids.board }, admin);
    expect(first.data?.orgUnit.employees).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true } });
    const second = await stack.gql<Page>(page, { id: ids.board, after: first.data?.orgUnit.employees.pageInfo.endCursor }, admin);
    expect(second.data?.orgUnit.employees.pageInfo.hasNextPage).toBe(false);
    const seen = [...(first.data?.orgUnit.employees.edges ?? []), ...(second.data?.orgUnit.employees.edges ?? [])].map((e) => e.node.id);
    expect(seen.sort()).toEqual([ids.e1, ids.e2].sort());
    const own = await stack.gql<Page>(`query($id: ID!) { orgUnit(id: $id) { employees { totalCount } } }`, { id: ids.board }, admin);
    expect(own.data?.orgUnit.employees.totalCount).toBe(0);
    // first: 0 counts without listing (a database limit of 0 would list everyone)
    const counted = await stack.gql<Page>(`query($id: ID!) { orgUnit(id: $id) { employees(first: 0, includeDescendants: true) { totalCount edges { cursor } } } }`, { id: ids.board }, admin);
    expect(counted.data?.orgUnit.employees).toEqual({ totalCount: 2, edges: [] });
    const bad = await stack.gql(page, { id: ids.board, after: 'not-a-cursor' }, admin);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('answers me with the signed-in employee', async () => {
    const me = await stack.gql(`{ me { id firstName unit { name } } }`, {}, await token(['EMPLOYEE'], { sub: ids.e1, units: [ids.unitA as string] }));
    expect(me.data).toEqual({ me: { id: ids.e1, firstName: 'Anna1', unit: { name: 'Förskolan Ängen' } } });
  });
});
