import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoMonth, eventually, freePort, spawnStart, testNamespace, WALKTHROUGH, type StartedSystem } from '@performa/infra';
import { gql } from './harness';

/*
 * The whole system as `npm start` runs it, seeded with the small demo municipality, asked the
 * README's five questions through the gateway with the tokens it printed. Slow (a minute or two):
 * `npm run test:slow`, its own step in CI.
 */
const ns = testNamespace('demo');

describe('npm start --seed-size small: the demo municipality answers the README walkthrough', () => {
  let stateDir: string;
  let env: NodeJS.ProcessEnv;
  let running: StartedSystem | undefined;
  let url: string;
  const tokens: Record<string, string> = {};
  const { year, month } = demoMonth();
  const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()) as { sub: string; units: string[] };
  const ask = async <T>(query: string, variables: Record<string, unknown>, as: string) => {
    const result = await gql<T>(url, query, variables, tokens[as]);
    expect(result.errors).toBeUndefined();
    return result.data as T;
  };

  const start = () => spawnStart(['--seed-size', 'small'], env, 540_000);
  const stop = async (started: StartedSystem) => expect(await started.stop()).toBe(0);

  beforeAll(async () => {
    stateDir = mkdtempSync(path.join(os.tmpdir(), 'performa-demo-test-'));
    const ports: Record<string, string> = {};
    for (const name of ['HR', 'STRATEGY', 'FINANCE', 'SCORECARD', 'NOTIFICATIONS', 'GATEWAY']) ports[`${name}_PORT`] = String(await freePort());
    env = { ...process.env, ...ports, PERFORMA_STATE_DIR: stateDir, KAFKA_TOPIC_PREFIX: ns.topicPrefix, MONGO_DB_PREFIX: `${ns.dbName}_`, LOG_LEVEL: 'warn' };
    url = `http://127.0.0.1:${ports.GATEWAY_PORT}/graphql`;
    running = await start();
    const output = running.output();
    expect(output).toMatch(/\[seed\] done in [\d.]+ s: 1 org units \(municipality\), 4 org units \(board, corporation\)/);
    for (const match of output.matchAll(/^([^\n:]+?)(?: \([^)]*\))?:\n {2}TOKEN=(\S+)$/gm)) tokens[match[1] as string] = match[2] as string;
  });
  afterAll(async () => {
    // after a failed test the system is still up: Ctrl-C stops its services too (a SIGKILL of npm
    // start alone left them running); SIGKILL only if it does not stop
    if (running?.child.exitCode === null) await running.stop(60_000).catch(() => running?.child.kill('SIGKILL'));
    rmSync(stateDir, { recursive: true, force: true });
  }, 90_000);

  it('prints a token for each role', () => {
    expect(Object.keys(tokens).sort()).toEqual(['HR officer', 'board director', 'controller', 'employee', 'municipal manager', 'politician', 'unit manager']);
  });

  it("answers the unit manager's dashboard: scorecard, finance, goals and staff of one unit in one query", async () => {
    const [unit] = claims(tokens['unit manager'] as string).units;
    type Dashboard = {
      orgUnit: {
        scorecard: { green: number; yellow: number; red: number; noData: number; rows: unknown[] };
        finance: { budgetToDate: number; actualToDate: number };
        goals: Array<{ owner: { name: string } }>;
        employees: { totalCount: number; edges: unknown[] };
      };
    };
    const { orgUnit } = await ask<Dashboard>(WALKTHROUGH.dashboard, { unit, year, month }, 'unit manager');
    const card = orgUnit.scorecard;
    expect(card.rows.length).toBeGreaterThan(0);
    expect(card.green + card.yellow + card.red + card.noData).toBe(card.rows.length);
    expect(orgUnit.finance.budgetToDate).toBeGreaterThan(0);
    expect(orgUnit.finance.actualToDate).toBeGreaterThan(0);
    // its own goal and the ones above it, up to the municipality's
    expect(orgUnit.goals.map((g) => g.owner.name)).toContain('Eskilstuna kommun');
    expect(orgUnit.employees.totalCount).toBeGreaterThan(0);
    expect(orgUnit.employees.edges.length).toBe(Math.min(5, orgUnit.employees.totalCount));
  });

  it("answers the politician's overview: every board's lights and deviation", async () => {
    type Overview = { orgUnits: Array<{ name: string; scorecard: { green: number; yellow: number; red: number }; finance: { budgetToDate: number; actualToDate: number; deviationPercent: number } }> };
    const { orgUnits } = await ask<Overview>(WALKTHROUGH.overview, { year, month }, 'politician');
    expect(orgUnits.map((b) => b.name).sort()).toEqual(['Barn- och utbildningsnämnden', 'Kommunstyrelsen', 'Vård- och omsorgsnämnden']);
    for (const board of orgUnits) {
      expect(board.scorecard.green + board.scorecard.yellow + board.scorecard.red).toBeGreaterThan(0);
      const { budgetToDate, actualToDate, deviationPercent } = board.finance;
      expect(deviationPercent).toBeCloseTo(((budgetToDate - actualToDate) / budgetToDate) * 100, 1);
    }
  });

  it("answers a goal's line of sight: the municipality's goal, the boards' under it and the units' under those", async () => {
    const [municipality] = claims(tokens['municipal manager'] as string).units;
    const { goals } = await ask<{ goals: Array<{ id: string; title: string }> }>(`query($owner: ID!) { goals(ownerId: $owner) { id title } }`, { owner: municipality }, 'municipal manager');
    const goal = goals.find((g) => g.title === 'En hälsosam arbetsplats med låg sjukfrånvaro');
    type Line = { goal: { contributorCount: number; children: Array<{ owner: { name: string }; children: Array<{ indicators: Array<{ name: string }> }> }> } };
    const line = await ask<Line>(WALKTHROUGH.lineOfSight, { goal: goal?.id }, 'municipal manager');
    expect(line.goal.children).toHaveLength(4); // every board and the corporation
    expect(line.goal.children.flatMap((c) => c.children).length).toBeGreaterThan(0);
    expect(line.goal.children.flatMap((c) => c.children).flatMap((u) => u.indicators).map((i) => i.name)).toContain('Sjukfrånvaro');
  });

  it("answers HR metrics for a board, and the board's headcount is its own staff plus its departments'", async () => {
    const [board] = claims(tokens['board director'] as string).units;
    type BoardHr = { orgUnit: { hrMetrics: { headcount: number; agreementCoverage: number }; employees: { totalCount: number }; children: Array<{ hrMetrics: { headcount: number } }> } };
    // the figures are recomputed from hr's events: wait until the last ones are in
    const answer = await eventually(
      () => ask<BoardHr>(WALKTHROUGH.boardHr, { board, month }, 'HR officer'),
      (a) => a.orgUnit.hrMetrics.headcount === a.orgUnit.employees.totalCount + a.orgUnit.children.reduce((sum, c) => sum + c.hrMetrics.headcount, 0),
      "the board's headcount to equal its own staff plus its departments'",
      60_000,
    );
    expect(answer.orgUnit.hrMetrics.headcount).toBeGreaterThan(0);
    expect(answer.orgUnit.hrMetrics.agreementCoverage).toBeGreaterThan(0);
  });

  it("answers the unit manager's notifications", async () => {
    type Mine = { myUnreadNotificationCount: number; myNotifications: Array<{ kind: string; read: boolean }> };
    const mine = await eventually(() => ask<Mine>(WALKTHROUGH.notifications, {}, 'unit manager'), (m) => m.myNotifications.length > 0, "the unit manager's notifications");
    expect(mine.myUnreadNotificationCount).toBeGreaterThanOrEqual(mine.myNotifications.filter((n) => !n.read).length);
  });

  it('stops on Ctrl-C, and a second start reuses the data', async () => {
    const [unit] = claims(tokens['unit manager'] as string).units;
    const before = (await ask<{ orgUnit: { employees: { totalCount: number } } }>(WALKTHROUGH.dashboard, { unit, year, month }, 'unit manager')).orgUnit.employees.totalCount;
    await stop(running as StartedSystem);
    running = await start();
    expect(running.output()).toContain('reusing its data');
    const after = (await ask<{ orgUnit: { employees: { totalCount: number } } }>(WALKTHROUGH.dashboard, { unit, year, month }, 'unit manager')).orgUnit.employees.totalCount;
    expect(after).toBe(before);
    await stop(running);
  });
});
