import { eventually } from '@performa/infra';
import { codes, startStack, token, type Stack } from './harness';

describe('moving and closing org units, through the gateway', () => {
  let stack: Stack;
  let admin: string;
  const ids: Record<string, string> = {};
  const ancestors = async (id: string) =>
    (await stack.gql<{ orgUnit: { ancestors: Array<{ code: string }> } }>(`query($id: ID!) { orgUnit(id: $id) { ancestors { code } } }`, { id }, admin)).data?.orgUnit.ancestors.map((a) => a.code);

  beforeAll(async () => {
    stack = await startStack('gw-moves');
    admin = await token(['ADMIN'], { sub: 'admin' });
    const unit = async (code: string, kind: string, parentId?: string) =>
      (await stack.gql<{ createOrgUnit: { id: string } }>(`mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, { i: { code, name: code, kind, parentId } }, admin)).data?.createOrgUnit.id as string;
    ids.m = await unit('M', 'MUNICIPALITY');
    ids.b1 = await unit('B1', 'BOARD', ids.m);
    ids.b2 = await unit('B2', 'BOARD', ids.m);
    ids.d = await unit('D', 'DEPARTMENT', ids.b1);
    ids.u = await unit('U', 'UNIT', ids.d);
  });
  afterAll(() => stack?.stop());

  it('moves a department with its units to another board, in hr and in the other services’ projections', async () => {
    const moved = await stack.gql(`mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { parent { code } } }`, { i: { id: ids.d, parentId: ids.b2 } }, admin);
    expect(moved.data).toEqual({ moveOrgUnit: { parent: { code: 'B2' } } });
    expect(await ancestors(ids.u as string)).toEqual(['M', 'B2', 'D']);
    await eventually(() => stack.strategy.deps.org.get(ids.u as string), (u) => u?.ancestors.join('/') === [ids.m, ids.b2, ids.d].join('/'), "the unit's new path in strategy's projection");
    await eventually(() => stack.finance.deps.org.get(ids.u as string), (u) => u?.ancestors.join('/') === [ids.m, ids.b2, ids.d].join('/'), "the unit's new path in finance's projection");
  });

  it('refuses a move below the unit itself (a cycle), writing nothing', async () => {
    const refused = await stack.gql(`mutation($i: MoveOrgUnitInput!) { moveOrgUnit(input: $i) { id } }`, { i: { id: ids.b2, parentId: ids.u } }, admin);
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors?.[0]?.message).toMatch(/can't move below itself/);
    expect(await ancestors(ids.u as string)).toEqual(['M', 'B2', 'D']);
  });

  it('refuses to close a unit with open units below it, and closes it once they are closed', async () => {
    const close = `mutation($id: ID!) { closeOrgUnit(input: { id: $id, date: "2026-06-30" }) { closedOn } }`;
    expect(codes(await stack.gql(close, { id: ids.d }, admin))).toEqual(['CONFLICT']);
    expect((await stack.gql(close, { id: ids.u }, admin)).data).toEqual({ closeOrgUnit: { closedOn: '2026-06-30' } });
    expect((await stack.gql(close, { id: ids.d }, admin)).data).toEqual({ closeOrgUnit: { closedOn: '2026-06-30' } });
  });
});
