import { planMunicipality, type PlannedEmployee, type SeedPlan, type SeedSize } from './plan';
import { postGraphQL, type GraphQLError } from './graphql';
import { signDemoToken } from './token';

export interface SeedOptions {
  gatewayUrl: string;
  jwtSecret: string;
  size: SeedSize;
  today?: Date;
  /** requests in flight at once */
  concurrency?: number;
  /** progress lines */
  print?: (line: string) => void;
}

export interface SeedCounts {
  [what: string]: number;
}

export interface SeedResult {
  seeded: boolean;
  counts: SeedCounts;
  seconds: number;
}

class GraphQLFailure extends Error {
  constructor(
    readonly errors: GraphQLError[],
    what: string,
  ) {
    super(`${what}: ${errors.map((e) => `${e.extensions?.code ?? 'ERROR'} ${e.message}`).join('; ')}`);
  }
}

/** Runs `fn` over `items` with at most `limit` in flight; resolves when all are done, or rejects with the first failure. */
async function pool<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>, tick?: () => void): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i] as T, i);
      tick?.();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Seeds the demo municipality through the gateway, as its users would: every write is a mutation
 * of the public graph, so every service's own rules, projections and events are real. Does
 * nothing when the graph already has a municipality (a second `npm start` reuses its data).
 */
export async function seedMunicipality(options: SeedOptions): Promise<SeedResult> {
  const started = Date.now();
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const concurrency = options.concurrency ?? 8;
  const token = (sub: string, roles: string[], units: string[] = []) => signDemoToken({ sub, roles, units }, options.jwtSecret);
  const admin = token('seed', ['ADMIN']);
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

  async function gql<T>(query: string, variables: Record<string, unknown>, what: string, as = admin): Promise<T> {
    // a projection (another service's view of a unit or goal) may lag its source by a moment
    for (let attempt = 1; ; attempt += 1) {
      const body = await postGraphQL<T>(options.gatewayUrl, query, variables, as);
      if (!body.errors?.length) return body.data as T;
      const lagging = body.errors.every((e) => e.extensions?.code === 'NOT_FOUND' || (e.extensions?.code === 'BAD_USER_INPUT' && /does not exist|unknown/i.test(e.message)));
      if (!lagging || attempt >= 60) throw new GraphQLFailure(body.errors, what);
      await sleep(250);
    }
  }

  const existing = await gql<{ orgUnits: Array<{ id: string }> }>(`{ orgUnits(kind: MUNICIPALITY) { id } }`, {}, 'looking for existing data');
  if (existing.orgUnits.length > 0) {
    print('[seed] the graph has a municipality already: reusing its data');
    return { seeded: false, counts: {}, seconds: 0 };
  }

  const plan = planMunicipality(options.size, options.today ?? new Date());
  if (options.size === 'full') {
    print(`[seed] the full municipality: ${plan.units.length} units, ${plan.employees.length} employees. On FerretDB (no Docker) this takes about 10 minutes (bench/RESULTS.md); --seed-size small seeds a slice in about 30 s.`);
  }
  const counts: SeedCounts = {};
  async function step<T>(name: string, items: readonly T[], fn: (item: T, index: number) => Promise<void>, limit = concurrency): Promise<void> {
    let done = 0;
    let shown = -1;
    const show = () => {
      // the start, every tenth of a long step, and the end
      const tenth = items.length >= 50 || done === 0 || done === items.length ? Math.floor((done / Math.max(1, items.length)) * 10) : shown;
      if (tenth !== shown) {
        shown = tenth;
        print(`[seed] ${name.padEnd(24)} ${String(done).padStart(6)}/${items.length}  ${elapsed()}`);
      }
    };
    show();
    await pool(items, limit, fn, () => {
      done += 1;
      show();
    });
    counts[name] = items.length;
  }

  // the org tree, one level at a time (a unit needs its parent)
  const unitIds = new Map<string, string>();
  for (const kinds of [['MUNICIPALITY'], ['BOARD', 'CORPORATION'], ['DEPARTMENT'], ['UNIT']]) {
    await step(
      `org units (${kinds.join(', ').toLowerCase()})`,
      plan.units.filter((u) => kinds.includes(u.kind)),
      async (u) => {
        const created = await gql<{ createOrgUnit: { id: string } }>(
          `mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`,
          { i: { code: u.code, name: u.name, kind: u.kind, parentId: u.parentCode ? unitIds.get(u.parentCode) : null } },
          `org unit ${u.code}`,
        );
        unitIds.set(u.code, created.createOrgUnit.id);
      },
    );
  }
  const unitId = (code: string) => unitIds.get(code) as string;

  // strategy: the vision, the term, the goals cascading down, activities
  await gql(`mutation($t: String!) { setVision(input: { text: $t }) }`, { t: plan.vision }, 'vision');
  const term = await gql<{ createTerm: { id: string } }>(`mutation($y: Int!) { createTerm(input: { startYear: $y }) { id } }`, { y: plan.termStartYear }, 'term');
  const goalIds = new Map<string, string>();
  const depth = (g: SeedPlan['goals'][number]): number => (g.parentKey ? 1 + depth(plan.goals.find((p) => p.key === g.parentKey) as typeof g) : 0);
  for (const [level, name] of ['municipal goals', 'board goals', 'unit goals'].entries()) {
    await step(name, plan.goals.filter((g) => depth(g) === level), async (g) => {
      const created = await gql<{ createGoal: { id: string } }>(
        `mutation($i: CreateGoalInput!) { createGoal(input: $i) { id } }`,
        { i: { termId: term.createTerm.id, title: g.title, perspective: g.perspective, ownerId: unitId(g.ownerCode), parentId: g.parentKey ? goalIds.get(g.parentKey) : null } },
        `goal ${g.key}`,
      );
      goalIds.set(g.key, created.createGoal.id);
    });
  }
  await step('activities', plan.activities, async (a) => {
    await gql(`mutation($i: CreateActivityInput!) { createActivity(input: $i) { id } }`, { i: { goalId: goalIds.get(a.goalKey), title: a.title, ownerId: unitId(a.ownerCode), dueDate: a.dueDate } }, `activity ${a.title}`);
  });

  // indicators before the figures that feed them: a fed indicator takes the next change of its source
  const indicatorIds = new Map<string, string>();
  await step('indicators', plan.indicators, async (i) => {
    const created = await gql<{ createIndicator: { id: string } }>(
      `mutation($i: CreateIndicatorInput!) { createIndicator(input: $i) { id } }`,
      { i: { name: i.name, unitOfMeasure: i.unitOfMeasure, ownerId: unitId(i.ownerCode), goalId: i.goalKey ? goalIds.get(i.goalKey) : null, source: i.source, direction: i.direction, target: i.target, warningThreshold: i.warningThreshold } },
      `indicator ${i.key}`,
    );
    indicatorIds.set(i.key, created.createIndicator.id);
  });

  // finance: the chart of accounts, approved budgets
  await step('accounts', plan.accounts, async (a) => {
    await gql(`mutation($i: CreateAccountInput!) { createAccount(input: $i) { code } }`, { i: a }, `account ${a.code}`);
  });
  await step('budgets (set and approved)', plan.budgets, async (b) => {
    const i = { unitId: unitId(b.unitCode), year: b.year };
    await gql(`mutation($i: SetBudgetInput!) { setBudget(input: $i) { budgetYear } }`, { i: { ...i, lines: b.lines } }, `budget ${b.unitCode} ${b.year}`);
    await gql(`mutation($i: BudgetKeyInput!) { approveBudget(input: $i) { budgetYear } }`, { i }, `approval ${b.unitCode} ${b.year}`);
  });

  // hr: everyone hired, managers appointed, sick leave reported
  const employeeIds = new Map<string, string>();
  await step('employees hired', plan.employees, async (e) => {
    const hired = await gql<{ hireEmployee: { id: string } }>(
      `mutation($i: HireEmployeeInput!) { hireEmployee(input: $i) { id } }`,
      { i: { unitId: unitId(e.unitCode), firstName: e.firstName, lastName: e.lastName, email: e.email, title: e.title, fte: e.fte, startDate: e.startDate } },
      `employee ${e.key}`,
    );
    employeeIds.set(e.key, hired.hireEmployee.id);
  });
  const managers = plan.employees.filter((e) => e.manages);
  const managerOf = new Map(managers.map((m) => [m.unitCode, m]));
  await step('managers appointed', managers, async (m) => {
    await gql(`mutation($i: SetOrgUnitManagerInput!) { setOrgUnitManager(input: $i) { id } }`, { i: { id: unitId(m.unitCode), employeeId: employeeIds.get(m.key) } }, `manager of ${m.unitCode}`);
  });
  // one employee's spells one after another: each report changes the same employee
  await step('employees with sick leave', plan.employees.filter((e) => e.sickLeave.length > 0), async (e) => {
    for (const spell of e.sickLeave) {
      await gql(`mutation($i: ReportSickLeaveInput!) { reportSickLeave(input: $i) { id } }`, { i: { employeeId: employeeIds.get(e.key), ...spell } }, `sick leave of ${e.key}`);
    }
  });
  counts['sick-leave spells'] = plan.employees.reduce((n, e) => n + e.sickLeave.length, 0);

  // finance: a month's actuals as one batch, then forecasts
  const budgetOf = new Map(plan.budgets.map((b) => [`${b.unitCode}:${b.year}`, b]));
  let noise = 0;
  await step(
    'months of actuals',
    plan.actualMonths,
    async (month) => {
      const year = Number(month.slice(0, 4));
      const entries = plan.budgets
        .filter((b) => b.year === year)
        .flatMap((b) =>
          b.lines.map((l) => {
            noise = (noise * 7 + 13) % 97;
            // deterministic spread of ±6 % around the monthly budget, a little over on average
            const amount = Math.round((l.amount / 12) * (0.95 + (noise / 97) * 0.12));
            return { unitId: unitId(b.unitCode), accountCode: l.accountCode, month, amount };
          }),
        );
      await gql(`mutation($i: PostActualsInput!) { postActuals(input: $i) { applied } }`, { i: { batchId: `demo-${month}`, entries } }, `actuals ${month}`);
    },
    1,
  );
  await step('forecasts', plan.forecasts, async (f) => {
    const year = Number(f.month.slice(0, 4));
    const budget = budgetOf.get(`${f.unitCode}:${year}`);
    const yearEndAmount = Math.round((budget?.lines.reduce((sum, l) => sum + (l.accountCode.startsWith('3') ? -l.amount : l.amount), 0) ?? 0) * f.factor);
    await gql(`mutation($i: SubmitForecastInput!) { submitForecast(input: $i) { year } }`, { i: { unitId: unitId(f.unitCode), year, month: f.month, yearEndAmount, comment: null } }, `forecast ${f.unitCode} ${f.month}`);
  });

  // scorecard: what unit managers report by hand
  const measurements = plan.indicators.flatMap((i) => i.values.map((v) => ({ i, v })));
  await step('manual measurements', measurements, async ({ i, v }) => {
    const manager = managerOf.get(i.ownerCode) as PlannedEmployee;
    const as = token(employeeIds.get(manager.key) as string, ['MANAGER'], [unitId(i.ownerCode)]);
    const comment = v.value < i.warningThreshold ? 'Vi har sett över bemanningen och följer upp i nästa månad.' : null;
    await gql(`mutation($i: RecordMeasurementInput!) { recordMeasurement(input: $i) { light } }`, { i: { indicatorId: indicatorIds.get(i.key), month: v.month, value: v.value, comment } }, `measurement ${i.key} ${v.month}`, as);
  });

  // hr: agreements tying each employee's work to goals in their line of sight, signed in turn
  const year = (options.today ?? new Date()).getUTCFullYear();
  const withAgreement = plan.employees.filter((e) => e.agreement > 0);
  await step('agreements', withAgreement, async (e) => {
    const board = e.unitCode.split('-')[0] as string;
    // goals in the employee's line of sight: their unit's or board's, else the municipality's
    const contributions = [
      { goalId: goalIds.get(`${e.unitCode}-g`) ?? goalIds.get(`${board}-g2`) ?? goalIds.get('g5'), description: 'Jag bidrar till en hälsosam arbetsplats genom att delta i arbetsplatsträffarna.' },
      { goalId: goalIds.get(`${board}-g1`) ?? goalIds.get('g7'), description: 'Mitt bidrag i vardagen till verksamhetens mål.' },
    ];
    const employeeId = employeeIds.get(e.key) as string;
    const employeeToken = token(employeeId, ['EMPLOYEE'], [unitId(e.unitCode)]);
    const drafted = await gql<{ draftAgreement: { id: string } }>(`mutation($i: DraftAgreementInput!) { draftAgreement(input: $i) { id } }`, { i: { employeeId, year, contributions } }, `agreement of ${e.key}`, employeeToken);
    if (e.agreement < 2) return;
    await gql(`mutation($i: SignAgreementInput!) { signAgreement(input: $i) { status } }`, { i: { id: drafted.draftAgreement.id } }, `signature of ${e.key}`, employeeToken);
    if (e.agreement < 3) return;
    // the unit's manager countersigns; a manager's own agreement, the manager above
    const unitCode = e.manages ? (plan.units.find((u) => u.code === e.unitCode)?.parentCode ?? e.unitCode) : e.unitCode;
    const signer = managerOf.get(unitCode) as PlannedEmployee;
    if (signer.key === e.key) return; // the municipal director has no manager in the tree
    const signerToken = token(employeeIds.get(signer.key) as string, ['MANAGER'], [unitId(unitCode)]);
    await gql(`mutation($i: SignAgreementInput!) { signAgreement(input: $i) { status } }`, { i: { id: drafted.draftAgreement.id } }, `countersignature of ${e.key}`, signerToken);
  });

  const seconds = (Date.now() - started) / 1000;
  print(`[seed] done in ${seconds.toFixed(1)} s: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}`);
  return { seeded: true, counts, seconds };
}

export type { SeedPlan };
