import { eventually, readTopic } from '@performa/infra';
import { codes, startStack, token, type Stack } from './harness';

const FINANCE = `query($id: ID!, $year: Int!, $month: Month!) { orgUnit(id: $id) { finance(year: $year, month: $month) {
  budgetYear budgetToDate actualToDate forecastYearEnd deviationToDate deviationPercent budgetStatus
  byAccount { account { code kind } budgetYear budgetToDate actualToDate deviationToDate } } } }`;
const POST = `mutation($i: PostActualsInput!) { postActuals(input: $i) { batchId entryCount applied months } }`;

interface Summary {
  budgetYear: number;
  budgetToDate: number;
  actualToDate: number;
  forecastYearEnd: number | null;
  deviationToDate: number;
  deviationPercent: number;
  budgetStatus: string | null;
  byAccount: Array<{ account: { code: string }; budgetYear: number; budgetToDate: number; actualToDate: number }>;
}

describe('finance: budgets, actuals, forecasts and roll-ups, through the gateway', () => {
  let stack: Stack;
  let admin: string;
  let controller: string;
  const ids: Record<string, string> = {};
  // ledger lines live in one collection per month
  const lineCount = async () => {
    const db = stack.finance.infra.connection;
    const collections = (await db.listCollections()).filter((c) => c.name.startsWith('actual_lines_'));
    let total = 0;
    for (const c of collections) total += await db.collection(c.name).countDocuments();
    return total;
  };
  const summary = async (id: string, month = '2026-03', t = controller) => {
    const result = await stack.gql<{ orgUnit: { finance: Summary } }>(FINANCE, { id, year: 2026, month }, t);
    expect(result.errors).toBeUndefined();
    return result.data?.orgUnit.finance as Summary;
  };
  const entries = (n: number, unitIds: string[], month = '2026-03') =>
    Array.from({ length: n }, (_, i) => ({ unitId: unitIds[i % unitIds.length], accountCode: i % 5 === 0 ? '3010' : '4010', month, amount: 10 + (i % 7) + 0.25 }));

  beforeAll(async () => {
    stack = await startStack('gw-finance');
    admin = await token(['ADMIN'], { sub: 'admin' });
    const unit = async (code: string, kind: string, parentId?: string) =>
      (await stack.gql<{ createOrgUnit: { id: string } }>(`mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, { i: { code, name: code, kind, parentId } }, admin)).data?.createOrgUnit.id as string;
    ids.m = await unit('M', 'MUNICIPALITY');
    ids.board = await unit('VON', 'BOARD', ids.m);
    ids.u1 = await unit('VON-1', 'UNIT', ids.board);
    ids.u2 = await unit('VON-2', 'UNIT', ids.board);
    controller = await token(['FINANCE'], { sub: 'controller', units: [ids.m as string] });
    await eventually(() => stack.finance.deps.org.get(ids.u2 as string), Boolean, "finance's projection of the units");
    for (const [code, name, kind] of [['4010', 'Personal', 'COST'], ['5010', 'Lokaler', 'COST'], ['3010', 'Avgifter', 'REVENUE']]) {
      const created = await stack.gql(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { code } }`, { i: { code, name, kind } }, controller);
      expect(created.errors).toBeUndefined();
    }
  });
  afterAll(() => stack?.stop());

  it('sets budgets, spread evenly to the öre or by given months, and refuses months that do not add up', async () => {
    const setBudget = `mutation($i: SetBudgetInput!) { setBudget(input: $i) { budgetYear budgetStatus } }`;
    const u1 = await stack.gql(setBudget, { i: { unitId: ids.u1, year: 2026, lines: [{ accountCode: '4010', amount: 1200000 }, { accountCode: '3010', amount: 1000.05 }] } }, controller);
    expect(u1.data).toEqual({ setBudget: { budgetYear: 1198999.95, budgetStatus: 'DRAFT' } });
    const monthly = [50000, 50000, 50000, 50000, 50000, 50000, 40000, 40000, 60000, 60000, 60000, 60000];
    const u2 = await stack.gql(setBudget, { i: { unitId: ids.u2, year: 2026, lines: [{ accountCode: '4010', amount: 620000, monthly }, { accountCode: '5010', amount: 24000 }] } }, controller);
    expect(u2.errors).toBeUndefined();

    const budgetOf = async () => {
      const doc = await stack.finance.infra.connection.collection('budgets').findOne({ _id: `${ids.u2}:2026` as never });
      return { lines: doc?.lines, status: doc?.status, version: doc?.version };
    };
    const before = await budgetOf();
    const bad = await stack.gql(setBudget, { i: { unitId: ids.u2, year: 2026, lines: [{ accountCode: '4010', amount: 620001, monthly }] } }, controller);
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors?.[0]?.message).toMatch(/sum to 620000.00, not to the amount 620001.00/);
    expect(await budgetOf()).toEqual(before);
  });

  it('rolls budgets set at the same moment up once each, at once and after finance has recomputed the year', async () => {
    const setBudget = `mutation($i: SetBudgetInput!) { setBudget(input: $i) { budgetYear } }`;
    const set = (unitId: string, amount: number) => stack.gql(setBudget, { i: { unitId, year: 2027, lines: [{ accountCode: '4010', amount }] } }, controller);
    const handledByFinance = () => stack.finance.infra.connection.collection('processed_events').countDocuments({ _id: { $regex: '^finance:' } } as never);
    const handledBefore = await handledByFinance();
    await Promise.all([set(ids.u1 as string, 120000), set(ids.u2 as string, 60000)]);
    // u1's second budget replaces its first, while u2's lands beside it
    const answers = await Promise.all([set(ids.u1 as string, 240000), set(ids.u2 as string, 60000.12)]);
    expect(answers.map((a) => a.errors)).toEqual([undefined, undefined]);
    const boardBudget = async () => (await stack.gql<{ orgUnit: { finance: Summary } }>(FINANCE, { id: ids.board, year: 2027, month: '2027-12' }, controller)).data?.orgUnit.finance.budgetYear;
    expect(await boardBudget()).toBe(300000.12);
    // finance's consumer recomputes 2027 from the budgets after each of the four changes: still once each
    await eventually(handledByFinance, (n) => n >= handledBefore + 4, "finance's consumer to handle the four budget events");
    expect(await boardBudget()).toBe(300000.12);
  });

  it('locks an approved budget until FINANCE re-opens it', async () => {
    const approve = await stack.gql(`mutation($i: BudgetKeyInput!) { approveBudget(input: $i) { budgetStatus } }`, { i: { unitId: ids.u1, year: 2026 } }, controller);
    expect(approve.data).toEqual({ approveBudget: { budgetStatus: 'APPROVED' } });
    const change = await stack.gql(`mutation($i: SetBudgetInput!) { setBudget(input: $i) { budgetYear } }`, { i: { unitId: ids.u1, year: 2026, lines: [{ accountCode: '4010', amount: 1 }] } }, controller);
    expect(codes(change)).toEqual(['CONFLICT']);
    const manager = await token(['MANAGER'], { units: [ids.u1 as string] });
    expect(codes(await stack.gql(`mutation($i: BudgetKeyInput!) { reopenBudget(input: $i) { budgetStatus } }`, { i: { unitId: ids.u1, year: 2026 } }, manager))).toEqual(['FORBIDDEN']);
    expect((await summary(ids.u1 as string)).budgetYear).toBe(1198999.95);
  });

  it("rolls a board's finances up as exactly the sum of its units', with a forecast", async () => {
    const posted = await stack.gql(POST, {
      i: {
        batchId: 'ledger-2026-03',
        entries: [
          { unitId: ids.u1, accountCode: '4010', month: '2026-01', amount: 100000 },
          { unitId: ids.u1, accountCode: '4010', month: '2026-02', amount: 101000.1 },
          { unitId: ids.u1, accountCode: '4010', month: '2026-03', amount: 99999.99 },
          { unitId: ids.u1, accountCode: '3010', month: '2026-03', amount: 250.2 },
          { unitId: ids.u2, accountCode: '4010', month: '2026-03', amount: 55000 },
          { unitId: ids.u2, accountCode: '5010', month: '2026-02', amount: 2000.01 },
        ],
      },
    }, controller);
    expect(posted.data).toEqual({ postActuals: { batchId: 'ledger-2026-03', entryCount: 6, applied: true, months: ['2026-01', '2026-02', '2026-03'] } });
    const manager = await token(['MANAGER'], { sub: 'chef-1', units: [ids.u1 as string] });
    const forecast = await stack.gql(`mutation($i: SubmitForecastInput!) { submitForecast(input: $i) { forecastYearEnd } }`, { i: { unitId: ids.u1, year: 2026, month: '2026-03', yearEndAmount: 1210000.5, comment: 'Vikarier' } }, manager);
    expect(forecast.data).toEqual({ submitForecast: { forecastYearEnd: 1210000.5 } });

    const [board, u1, u2] = [await summary(ids.board as string), await summary(ids.u1 as string), await summary(ids.u2 as string)];
    // unit 1 by hand: budget to date 3 × (100 000 − 83.34) = 299 749.98; actuals 100 000 + 101 000.10 + 99 999.99 − 250.20 = 300 749.89
    expect(u1).toMatchObject({ budgetToDate: 299749.98, actualToDate: 300749.89, deviationToDate: -999.91, deviationPercent: -0.33, forecastYearEnd: 1210000.5 });
    for (const field of ['budgetYear', 'budgetToDate', 'actualToDate', 'deviationToDate'] as const) {
      expect(board[field]).toBeCloseTo(u1[field] + u2[field], 2);
    }
    expect(board.forecastYearEnd).toBe(1210000.5); // unit 2 has not forecast: the sum is unit 1's
    expect(board.deviationPercent).toBe(Math.round(((board.budgetToDate - board.actualToDate) / board.budgetToDate) * 10_000) / 100);
    expect(board.byAccount.map((l) => l.account.code)).toEqual(['3010', '4010', '5010']);
    expect(board.byAccount.find((l) => l.account.code === '3010')?.actualToDate).toBe(-250.2);
    expect(await summary(ids.m as string)).toEqual({ ...board, budgetStatus: null });
  });

  it('answers forecasts submitted at the same moment each with its own, and rolls them all up before answering', async () => {
    const submit = (unitId: string, yearEndAmount: number) =>
      stack.gql<{ submitForecast: { forecastYearEnd: number } }>(`mutation($i: SubmitForecastInput!) { submitForecast(input: $i) { forecastYearEnd } }`, { i: { unitId, year: 2026, month: '2026-04', yearEndAmount, comment: null } }, controller);
    const answers = await Promise.all([submit(ids.u1 as string, 1300000), submit(ids.u2 as string, 640000.25), submit(ids.u2 as string, 640000.25)]);
    expect(answers.map((a) => a.data?.submitForecast.forecastYearEnd)).toEqual([1300000, 640000.25, 640000.25]);
    // read at once, not eventually: each request's roll-up covered its chain before it answered
    expect((await summary(ids.board as string, '2026-04')).forecastYearEnd).toBe(1940000.25);
  });

  it('counts the same 10,000-entry batch posted twice at once only once', async () => {
    const batch = { batchId: 'ledger-2026-04-twice', entries: entries(10_000, [ids.u1 as string, ids.u2 as string], '2026-04') };
    const before = await summary(ids.board as string, '2026-04');
    const [a, b] = await Promise.all([stack.gql(POST, { i: batch }, controller), stack.gql(POST, { i: batch }, controller)]);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    const applied = [a, b].map((r) => (r.data as { postActuals: { applied: boolean } }).postActuals.applied).sort();
    expect(applied).toEqual([false, true]);
    const net = batch.entries.reduce((sum, e) => sum + (e.accountCode === '3010' ? -1 : 1) * Math.round(e.amount * 100), 0) / 100;
    const after = await summary(ids.board as string, '2026-04');
    expect(after.actualToDate).toBeCloseTo(before.actualToDate + net, 2);
    const events = await readTopic(stack.ns, `${stack.ns.topicPrefix}finance.actuals.v1`);
    try {
      const posted = await eventually(async () => events.messages.filter((m) => m.key === batch.batchId), (l) => l.length >= 1, 'the ActualsPosted event');
      await new Promise((r) => setTimeout(r, 300));
      expect(events.messages.filter((m) => m.key === batch.batchId)).toHaveLength(1);
      const totals = (posted[0]?.value as { data: { totals: Array<{ unitId: string; month: string; netOre: number }> } }).data.totals;
      expect(totals.map((t) => t.unitId).sort()).toEqual([ids.u1, ids.u2].sort());
      expect(totals.reduce((s, t) => s + t.netOre, 0)).toBe(Math.round(net * 100));
    } finally {
      await events.stop();
    }
    const conflict = await stack.gql(POST, { i: { ...batch, entries: batch.entries.slice(1) } }, controller);
    expect(codes(conflict)).toEqual(['CONFLICT']);
  });

  it('rejects a 10,000-entry batch with one bad row, naming its index, and writes nothing', async () => {
    const batch = entries(10_000, [ids.u1 as string], '2026-05');
    batch[4321] = { ...batch[4321], unitId: 'no-such-unit' } as (typeof batch)[number];
    const [lines, batches] = [await lineCount(), await stack.finance.infra.connection.collection('actual_batches').countDocuments()];
    const result = await stack.gql(POST, { i: { batchId: 'ledger-2026-05', entries: batch } }, controller);
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0]?.extensions).toMatchObject({ badRowCount: 1, badRows: [{ index: 4321, reason: 'unknown unit no-such-unit' }], unknownUnits: ['no-such-unit'] });
    expect(await lineCount()).toBe(lines);
    expect(await stack.finance.infra.connection.collection('actual_batches').countDocuments()).toBe(batches);
  });

  it('lets only FINANCE post actuals and keeps finances from those without a reason to see them', async () => {
    const manager = await token(['MANAGER'], { units: [ids.u1 as string] });
    const lines = await lineCount();
    expect(codes(await stack.gql(POST, { i: { batchId: 'by-manager', entries: entries(1, [ids.u1 as string]) } }, manager))).toEqual(['FORBIDDEN']);
    const scopedController = await token(['FINANCE'], { units: [ids.u2 as string] });
    expect(codes(await stack.gql(POST, { i: { batchId: 'out-of-scope', entries: entries(2, [ids.u1 as string]) } }, scopedController))).toEqual(['FORBIDDEN']);
    expect(await lineCount()).toBe(lines);
    expect(codes(await stack.gql(FINANCE, { id: ids.u1, year: 2026, month: '2026-03' }, await token(['EMPLOYEE'], { units: [ids.u1 as string] })))).toEqual(['FORBIDDEN']);
    expect(codes(await stack.gql(FINANCE, { id: ids.u2, year: 2026, month: '2026-03' }, manager))).toEqual(['FORBIDDEN']);
    expect((await summary(ids.board as string, '2026-03', await token(['POLITICIAN']))).budgetYear).toBeGreaterThan(0);
    expect(codes(await stack.gql(FINANCE, { id: ids.u1, year: 2026, month: '2025-03' }, controller))).toEqual(['BAD_USER_INPUT']);
  });
});
