import { codes, startStack, token, type Stack } from './harness';

const CREATE = `mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`;
const HIRE = `mutation($i: HireEmployeeInput!) { hireEmployee(input: $i) { id } }`;

describe('bad input gets a clear error and changes nothing', () => {
  let stack: Stack;
  let admin: string;
  const ids: Record<string, string> = {};
  const unitCount = () => stack.hr.infra.connection.collection('org_units').countDocuments();
  const employeeCount = () => stack.hr.infra.connection.collection('employees').countDocuments();

  beforeAll(async () => {
    stack = await startStack('gw-bad-input');
    admin = await token(['ADMIN'], { sub: 'admin' });
    ids.m = (await stack.gql<{ createOrgUnit: { id: string } }>(CREATE, { i: { code: 'M', name: 'Kommunen', kind: 'MUNICIPALITY' } }, admin)).data?.createOrgUnit.id as string;
    ids.b = (await stack.gql<{ createOrgUnit: { id: string } }>(CREATE, { i: { code: 'B', name: 'Nämnden', kind: 'BOARD', parentId: ids.m } }, admin)).data?.createOrgUnit.id as string;
  });
  afterAll(() => stack?.stop());

  async function expectRefused(query: string, variables: Record<string, unknown>, code: string, message?: RegExp) {
    const [units, staff] = [await unitCount(), await employeeCount()];
    const result = await stack.gql(query, variables, admin);
    expect(codes(result)).toEqual([code]);
    if (message) expect(result.errors?.[0]?.message).toMatch(message);
    expect(await unitCount()).toBe(units);
    expect(await employeeCount()).toBe(staff);
    return result;
  }

  it('an unknown parent → NOT_FOUND', () => expectRefused(CREATE, { i: { code: 'D', name: 'D', kind: 'DEPARTMENT', parentId: 'no-such-unit' } }, 'NOT_FOUND', /Org unit no-such-unit does not exist/));

  it('a duplicate unit code → CONFLICT', () => expectRefused(CREATE, { i: { code: 'B', name: 'Another board', kind: 'BOARD', parentId: ids.m } }, 'CONFLICT', /code B already exists/));

  it('a unit placed where its kind may not sit → BAD_USER_INPUT', () => expectRefused(CREATE, { i: { code: 'B9', name: 'Board under board', kind: 'BOARD', parentId: ids.b } }, 'BAD_USER_INPUT', /can't sit under a board/));

  it('FTE outside 0–1 → BAD_USER_INPUT', async () => {
    for (const fte of [1.5, 0, -0.2]) {
      await expectRefused(HIRE, { i: { unitId: ids.b, firstName: 'A', lastName: 'B', email: `x${fte}@example.org`, fte, startDate: '2026-01-01' } }, 'BAD_USER_INPUT', /fte must be above 0 and at most 1/);
    }
  });

  it('an impossible date → BAD_USER_INPUT', () => expectRefused(HIRE, { i: { unitId: ids.b, firstName: 'A', lastName: 'B', email: 'd@example.org', fte: 1, startDate: '2026-02-30' } }, 'BAD_USER_INPUT', /startDate must be a date/));

  it('month 2026-13 → BAD_USER_INPUT', async () => {
    const result = await stack.gql(`query($id: ID!, $m: Month!) { orgUnit(id: $id) { hrMetrics(month: $m) { headcount } } }`, { id: ids.b, m: '2026-13' }, admin);
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0]?.message).toMatch(/Month must be "YYYY-MM"/);
  });

  it('an id of the wrong shape → BAD_USER_INPUT', () => expectRefused(`query($id: ID!) { orgUnit(id: $id) { name } }`, { id: 'not an id!' }, 'BAD_USER_INPUT', /id is not a valid id/));

  it('{"$gt": ""} smuggled into a string matches no document', async () => {
    const result = await stack.gql(`query($id: ID!) { orgUnit(id: $id) { name } }`, { id: '{"$gt": ""}' }, admin);
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.data?.orgUnit ?? null).toBeNull();
    const list = await stack.gql<{ orgUnits: unknown[] }>(`query($p: ID) { orgUnits(parentId: $p) { id } }`, { p: '{"$ne":null}' }, admin);
    expect(codes(list)).toEqual(['BAD_USER_INPUT']);
  });

  it('an operator object in JSON input is refused, not run as a query', async () => {
    await expectRefused(CREATE, { i: { code: { $gt: '' }, name: 'X', kind: 'UNIT', parentId: ids.b } }, 'BAD_USER_INPUT');
    await expectRefused(`query($id: ID!) { employee(id: $id) { id } }`, { id: { $ne: null } }, 'BAD_USER_INPUT');
  });

  it('sanitizes an operator object that reaches a filter by any other road', async () => {
    // defence in depth: even if a resolver passed input straight into a filter, it is a literal
    const query = stack.hr.infra.connection.model('OrgUnit').find({ code: { $gt: '' } }).lean();
    await expect(query).rejects.toThrow(/Cast to string failed for value "\{ '\$gt': '' \}"/);
  });

  it('refuses a 2 MB body with 413 and stays up', async () => {
    const huge = JSON.stringify({ query: `{ orgUnits { id } }`, variables: { pad: 'x'.repeat(2 * 1024 * 1024) } });
    const response = await fetch(stack.gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body: huge });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]?.extensions.code).toBe('BAD_REQUEST');
    const after = await stack.gql<{ orgUnits: unknown[] }>(`{ orgUnits { id } }`, {}, admin);
    expect(after.data?.orgUnits).toHaveLength(2);
  });

  it('refuses a query deeper than 12 levels and answers one of 12', async () => {
    const nested = (levels: number) => `{ orgUnits { ${'children { '.repeat(levels - 2)}id${' }'.repeat(levels - 2)} } }`;
    expect((await stack.gql(nested(12), {}, admin)).errors).toBeUndefined();
    const result = await stack.gql(nested(13), {}, admin);
    expect(codes(result)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(result.errors?.[0]?.message).toMatch(/13 levels deep; at most 12/);
  });

  it('masks an unexpected failure as INTERNAL_SERVER_ERROR without details', async () => {
    // a record no resolver expects (written around the API) makes serialising it fail
    await stack.hr.infra.connection.collection('org_units').insertOne({ _id: 'corrupt' as never, code: 'C', name: 'C', kind: 'BOGUS', ancestors: [], version: 1 });
    const result = await stack.gql(`{ orgUnit(id: "corrupt") { kind } }`, {}, admin);
    expect(codes(result)).toEqual(['INTERNAL_SERVER_ERROR']);
    expect(JSON.stringify(result.errors)).not.toMatch(/BOGUS|stack|at /);
    expect(result.errors?.[0]?.message).toBe('Internal server error');
    await stack.hr.infra.connection.collection('org_units').deleteOne({ _id: 'corrupt' as never });
  });
});
