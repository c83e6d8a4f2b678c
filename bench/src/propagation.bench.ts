/* eslint-disable no-console -- a benchmark reports to the terminal */
import { machine, percentile, startSystem, writeSection } from './system';

const CHANGES = 200;
const EMPLOYEES = 10;

/**
 * From an hr mutation's response to its effect visible through the gateway: a sick-leave report
 * travels hr → outbox → Kafka → hr's metrics consumer → outbox → Kafka → scorecard → the graph.
 */
async function main(): Promise<void> {
  const system = await startSystem('bench-propagation');
  try {
    const admin = await system.token(['ADMIN']);
    const gql = <T>(query: string, variables: Record<string, unknown> = {}) => system.gql<T>(query, variables, admin);
    const unit = async (code: string, kind: string, parentId?: string) => (await gql<{ createOrgUnit: { id: string } }>(`mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, { i: { code, name: code, kind, parentId } })).createOrgUnit.id;
    const root = await unit('M', 'MUNICIPALITY');
    const board = await unit('B', 'BOARD', root);
    const target = await unit('U', 'UNIT', board);
    const employees: string[] = [];
    for (let i = 0; i < EMPLOYEES; i += 1) {
      employees.push((await gql<{ hireEmployee: { id: string } }>(`mutation($i: HireEmployeeInput!) { hireEmployee(input: $i) { id } }`, { i: { unitId: target, firstName: 'E', lastName: `${i}`, email: `e${i}@bench.example`, fte: 1, startDate: '2026-01-01' } })).hireEmployee.id);
    }
    const deadline = Date.now() + 60_000;
    let indicatorId: string | undefined;
    while (!indicatorId) {
      try {
        indicatorId = (await gql<{ createIndicator: { id: string } }>(`mutation($i: CreateIndicatorInput!) { createIndicator(input: $i) { id } }`, { i: { name: 'Sjukfrånvaro', ownerId: target, source: 'HR_SICK_LEAVE_RATE', direction: 'LOWER_IS_BETTER', target: 5, warningThreshold: 7 } })).createIndicator.id;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 200)); // scorecard has not seen the unit yet
      }
    }
    const read = async () =>
      (await gql<{ orgUnit: { scorecard: { rows: Array<{ value: number | null; light: string }> } } }>(`query($id: ID!) { orgUnit(id: $id) { scorecard(month: "2026-03") { rows { value light } } } }`, { id: target })).orgUnit.scorecard.rows[0];
    const samples: number[] = [];
    let lightChanges = 0;
    let previousLight = (await read())?.light;
    for (let n = 0; n < CHANGES; n += 1) {
      const employee = employees[n % EMPLOYEES] as string;
      const day = String(1 + Math.floor(n / EMPLOYEES)).padStart(2, '0');
      const before = (await read())?.value ?? null;
      await gql(`mutation($i: ReportSickLeaveInput!) { reportSickLeave(input: $i) { id } }`, { i: { employeeId: employee, from: `2026-03-${day}`, to: `2026-03-${day}`, percent: 100 } });
      const t = performance.now();
      for (;;) {
        const row = await read();
        if (row && row.value !== before) {
          samples.push(performance.now() - t);
          if (row.light !== previousLight) lightChanges += 1;
          previousLight = row.light;
          break;
        }
        if (performance.now() - t > 30_000) throw new Error(`change ${n} did not reach the scorecard within 30 s`);
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    const [p50, p95, p99, max] = [50, 95, 99, 100].map((p) => percentile(samples, p).toFixed(0));
    console.log(`propagation over ${CHANGES} changes: p50 ${p50} ms, p95 ${p95} ms, p99 ${p99} ms, max ${max} ms (${lightChanges} light changes)`);
    writeSection(
      'propagation',
      `## propagation hr → scorecard (issue 6) — ${new Date().toISOString().slice(0, 16)}Z

Command: \`npm run bench -- propagation\` (bench/src/propagation.bench.ts). ${CHANGES} sick-leave reports
for a unit of ${EMPLOYEES} employees, one at a time; each is timed from the \`reportSickLeave\` response
until the unit's HR_SICK_LEAVE_RATE indicator shows the new value through the gateway (polled every
5 ms). The path: hr's outbox → Kafka → hr's metrics consumer → outbox → Kafka → scorecard → graph.

${machine()}

| measure | target | result |
| --- | --- | --- |
| mutation response → new value visible in the scorecard | p99 ≤ 1 s | p50 ${p50} ms, p95 ${p95} ms, p99 ${p99} ms, max ${max} ms |

The light changed ${lightChanges} times along the way (GREEN → YELLOW → RED as sick leave accumulated).`,
    );
  } finally {
    await system.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
