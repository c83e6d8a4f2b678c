import { codes, gql, startStack, token, type Stack } from './harness';

const EMPLOYEE_NAME = `query($id: ID!) { employee(id: $id) { firstName } }`;
const METRICS = `query($id: ID!) { orgUnit(id: $id) { hrMetrics(month: "2026-03") { headcount } } }`;
const HIRE = `mutation($unitId: ID!, $email: String!) { hireEmployee(input: { unitId: $unitId, firstName: "Nils", lastName: "Nilsson", email: $email, fte: 1, startDate: "2026-02-01" }) { id } }`;
const SICK = `mutation($id: ID!) { reportSickLeave(input: { employeeId: $id, from: "2026-03-02", to: "2026-03-03", percent: 50 }) { id } }`;

describe('who may do what, through the gateway', () => {
  let stack: Stack;
  const ids: Record<string, string> = {};
  let admin: string;

  beforeAll(async () => {
    stack = await startStack('gw-authz');
    admin = await token(['ADMIN'], { sub: 'admin' });
    const create = async (code: string, kind: string, parentId?: string) =>
      ((await stack.gql<{ createOrgUnit: { id: string } }>(`mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, { i: { code, name: code, kind, parentId } }, admin)).data?.createOrgUnit.id as string);
    ids.m = await create('M', 'MUNICIPALITY');
    ids.b = await create('B', 'BOARD', ids.m);
    ids.a = await create('A', 'UNIT', ids.b);
    ids.b2 = await create('B2', 'BOARD', ids.m);
    ids.x = await create('X', 'UNIT', ids.b2);
    const hire = async (unitId: string, email: string) => ((await stack.gql<{ hireEmployee: { id: string } }>(HIRE, { unitId, email }, admin)).data?.hireEmployee.id as string);
    ids.e1 = await hire(ids.a, 'e1@example.org');
    ids.e2 = await hire(ids.x, 'e2@example.org');
  });
  afterAll(() => stack?.stop());

  const employees = () => stack.hr.deps.employees.currentStaff([ids.a as string, ids.x as string], '2026-01-01', 0, 1_000).then((r) => r.total);
  const sickSpells = async () => (await stack.hr.deps.employees.get(ids.e1 as string))?.sickLeave.length;

  type Case = { who: string; roles: Parameters<typeof token>[0]; units?: string[]; sub?: string; read: 'employee' | 'metrics'; readAllowed: boolean; write: 'hire' | 'sick'; writeAllowed: boolean };
  const cases: Case[] = [
    { who: 'ADMIN', roles: ['ADMIN'], read: 'employee', readAllowed: true, write: 'hire', writeAllowed: true },
    { who: 'HR of the board', roles: ['HR'], units: ['b'], read: 'employee', readAllowed: true, write: 'hire', writeAllowed: true },
    { who: 'HR of another board', roles: ['HR'], units: ['b2'], read: 'employee', readAllowed: false, write: 'hire', writeAllowed: false },
    { who: 'MANAGER of the unit', roles: ['MANAGER'], units: ['a'], read: 'employee', readAllowed: true, write: 'sick', writeAllowed: true },
    { who: 'MANAGER of the unit, hiring', roles: ['MANAGER'], units: ['a'], read: 'metrics', readAllowed: true, write: 'hire', writeAllowed: false },
    { who: 'MANAGER of another unit', roles: ['MANAGER'], units: ['x'], read: 'employee', readAllowed: false, write: 'sick', writeAllowed: false },
    { who: 'EMPLOYEE themself', roles: ['EMPLOYEE'], units: ['a'], sub: 'e1', read: 'employee', readAllowed: true, write: 'sick', writeAllowed: false },
    { who: 'EMPLOYEE, someone else', roles: ['EMPLOYEE'], units: ['x'], sub: 'e2', read: 'employee', readAllowed: false, write: 'hire', writeAllowed: false },
    { who: 'POLITICIAN, personal data', roles: ['POLITICIAN'], read: 'employee', readAllowed: false, write: 'hire', writeAllowed: false },
    { who: 'POLITICIAN, aggregates', roles: ['POLITICIAN'], read: 'metrics', readAllowed: true, write: 'sick', writeAllowed: false },
    { who: 'EXECUTIVE of the board', roles: ['EXECUTIVE'], units: ['b'], read: 'metrics', readAllowed: true, write: 'hire', writeAllowed: false },
    { who: 'EXECUTIVE, personal data', roles: ['EXECUTIVE'], units: ['b'], read: 'employee', readAllowed: false, write: 'sick', writeAllowed: false },
    { who: 'FINANCE of the board', roles: ['FINANCE'], units: ['b'], read: 'employee', readAllowed: false, write: 'hire', writeAllowed: false },
  ];

  let n = 0;
  it.each(cases)('$who: read $read allowed=$readAllowed, write $write allowed=$writeAllowed', async (c) => {
    const t = await token(c.roles, { sub: c.sub ? ids[c.sub] : `u-${c.who}`, units: (c.units ?? []).map((u) => ids[u] as string) });
    const read = c.read === 'employee' ? await stack.gql(EMPLOYEE_NAME, { id: ids.e1 }, t) : await stack.gql(METRICS, { id: ids.a }, t);
    if (c.readAllowed) {
      expect(read.errors).toBeUndefined();
      expect(read.data).toEqual(c.read === 'employee' ? { employee: { firstName: 'Nils' } } : { orgUnit: { hrMetrics: { headcount: expect.any(Number) } } });
    } else {
      expect(codes(read)).toEqual(['FORBIDDEN']);
    }

    const [staffBefore, sickBefore] = [await employees(), await sickSpells()];
    n += 1;
    const write = c.write === 'hire' ? await stack.gql(HIRE, { unitId: ids.a, email: `new${n}@example.org` }, t) : await stack.gql(SICK, { id: ids.e1 }, t);
    if (c.writeAllowed) {
      expect(write.errors).toBeUndefined();
      if (c.write === 'hire') expect(await employees()).toBe(staffBefore + 1);
      else {
        expect(await sickSpells()).toBe((sickBefore ?? 0) + 1);
        // the same spell twice is a conflict: clear it for the next case
        await stack.hr.infra.connection.collection('employees').updateOne({ _id: ids.e1 as never }, { $set: { sickLeave: [] } });
      }
    } else {
      expect(codes(write)).toEqual(['FORBIDDEN']);
      expect(await employees()).toBe(staffBefore);
      expect(await sickSpells()).toBe(sickBefore);
    }
  });

  it('refuses a request without a token as UNAUTHENTICATED', async () => {
    const result = await stack.gql(`{ orgUnit(id: "${ids.a}") { name } }`);
    expect(codes(result)).toEqual(['UNAUTHENTICATED']);
    expect(result.data ?? null).toBeNull();
  });

  it('refuses a forged or malformed token as UNAUTHENTICATED with 401', async () => {
    const forged = `${admin.slice(0, -4)}AAAA`;
    const result = await stack.gql(`{ orgUnit(id: "${ids.a}") { name } }`, {}, forged);
    expect(result.status).toBe(401);
    expect(codes(result)).toEqual(['UNAUTHENTICATED']);
    const raw = await fetch(stack.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Basic YWRtaW46YWRtaW4=' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(raw.status).toBe(401);
  });

  it('refuses a subgraph called directly without a token, entities included', async () => {
    const direct = await gql(stack.hr.url, `{ orgUnit(id: "${ids.a}") { name } }`);
    expect(codes(direct)).toEqual(['UNAUTHENTICATED']);
    const entities = await gql(stack.hr.url, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Employee { firstName email } } }`, { r: [{ __typename: 'Employee', id: ids.e1 }] });
    expect(codes(entities)).toEqual(['UNAUTHENTICATED']);
    expect(entities.data ?? null).toBeNull();
    // composition tools may still read the SDL
    const sdl = await gql<{ _service: { sdl: string } }>(stack.hr.url, `{ _service { sdl } }`);
    expect(sdl.data?._service.sdl).toContain('type OrgUnit');
  });

  it('guards personal data behind entity references too', async () => {
    const politician = await token(['POLITICIAN']);
    const entities = await gql(stack.hr.url, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Employee { firstName } } }`, { r: [{ __typename: 'Employee', id: ids.e1 }] }, politician);
    expect(codes(entities)).toEqual(['FORBIDDEN']);
  });
});
