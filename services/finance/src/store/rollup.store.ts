import { DocumentLocks, op, withDocumentLocks, type OrgDirectory } from '@performa/platform';
import { rollUpForecasts } from '../domain/forecast';
import { MONTHS, monthKey, type MonthKey } from '../domain/money';
import { rollUp, sameAmounts, type AccountAmounts, type TreeUnit } from '../domain/rollup';
import type { YearRollup } from '../domain/summary';
import type { FinanceModels, RollupRecord } from './models';

const rollupId = (unitId: string, year: number) => `${unitId}:${year}`;

/**
 * The roll-ups OrgUnit.finance reads: per unit and year, its whole subtree's budget, actuals and
 * forecast. Each recompute derives them again from the source records over the whole tree, so it
 * is idempotent: run after a write, and again by finance's own event consumer after a crash.
 */
export class RollupStore {
  /** per year: the forecast roll-up that will run next, and the units its callers asked for ('all': every unit) */
  private readonly nextForecastRun = new Map<number, { units: Set<string> | 'all'; done: Promise<void> }>();
  private readonly budgetYears = new DocumentLocks();
  private readonly forecastRun = new Map<number, Promise<void>>();

  constructor(
    private readonly models: FinanceModels,
    private readonly org: OrgDirectory,
  ) {}

  async get(unitId: string, year: number): Promise<YearRollup> {
    const doc = await this.models.Rollup.findById(rollupId(unitId, year)).lean<RollupRecord>();
    return { budget: doc?.budget ?? {}, actual: doc?.actual ?? {}, forecast: doc?.forecast ?? {} };
  }

  private async tree(): Promise<TreeUnit[]> {
    const units = await this.org.model.find({}, { parentId: 1 }).lean<Array<{ _id: string; parentId: string | null }>>();
    return units.map((u) => ({ id: u._id, parentId: u.parentId ?? null }));
  }

  /** The stored roll-ups of a year: all of them, or only those of `only` (read by _id, which FerretDB looks up instead of scanning). */
  private async existing(year: number, field: 'budget' | 'actual' | 'forecast', only?: ReadonlySet<string>): Promise<Map<string, RollupRecord>> {
    const filter = only ? { _id: op({ $in: [...only].map((id) => rollupId(id, year)) }) } : { year };
    const docs = await this.models.Rollup.find(filter, { unitId: 1, [field]: 1 }).lean<RollupRecord[]>();
    return new Map(docs.map((d) => [d.unitId, d]));
  }

  /** A unit and its ancestors: the roll-ups that a change of the unit's own records alters. */
  async chainOf(unitId: string): Promise<Set<string>> {
    const unit = await this.org.get(unitId);
    return new Set(unit ? [...unit.ancestors, unit.id] : [unitId]);
  }

  /**
   * Writes only the units whose part changed (on FerretDB a write costs milliseconds each), 50 to a
   * command: FerretDB 1.24 was seen to hang on one update command of 200 upserts of existing documents.
   */
  private async write(year: number, changes: Array<{ unitId: string; set: Record<string, unknown> }>): Promise<void> {
    for (let i = 0; i < changes.length; i += 50) {
      const ops = changes.slice(i, i + 50).map((c) => ({ updateOne: { filter: { _id: rollupId(c.unitId, year) }, update: { $set: { unitId: c.unitId, year, ...c.set } }, upsert: true } }));
      for (let attempt = 1; ; attempt += 1) {
        try {
          // the documents' locks: on FerretDB two connections' updates of one document are not atomic
          await withDocumentLocks(this.models.Rollup, ops.map((o) => o.updateOne.filter._id), () => this.models.Rollup.bulkWrite(ops, { ordered: false }));
          break;
        } catch (error) {
          // two recomputes (a request's and the consumer's) may upsert the same new document at
          // once; the loser's upsert is a plain update the second time
          const writeErrors = (error as { writeErrors?: Array<{ code?: number; err?: { code?: number } }> }).writeErrors ?? [];
          const duplicates = writeErrors.length > 0 && writeErrors.every((w) => (w.code ?? w.err?.code) === 11000);
          if (!duplicates || attempt >= 3) throw error;
        }
      }
    }
  }

  /** The ids of the batches whose lines count for a month: the APPLIED ones, and one being applied. */
  private async countedBatches(month: string, applying?: string): Promise<string[]> {
    const applied = await this.models.Batch.find({ months: month, status: 'APPLIED' }, { _id: 1 }).lean();
    return [...applied.map((b) => b._id), ...(applying ? [applying] : [])];
  }

  /**
   * Rolls the given months' actuals up again. Months of one year share one read of that year's
   * roll-ups and one write per changed unit: on FerretDB both cost a scan or a round trip each.
   */
  async recomputeActuals(months: readonly string[], applyingBatch?: string): Promise<void> {
    const units = await this.tree();
    const byYear = new Map<number, string[]>();
    for (const month of new Set(months)) byYear.set(Number(month.slice(0, 4)), [...(byYear.get(Number(month.slice(0, 4))) ?? []), month]);
    for (const [year, yearMonths] of byYear) {
      const before = await this.existing(year, 'actual');
      const sets = new Map<string, Record<string, AccountAmounts>>();
      for (const month of yearMonths.sort()) {
        const key = monthKey(month);
        const counted = new Set(await this.countedBatches(month, applyingBatch));
        const lines = (await this.models.linesOf(month).find({}, { batchId: 1, unitId: 1, accountCode: 1, amountOre: 1 }).lean()).filter((l) => counted.has(l.batchId));
        const own = new Map<string, AccountAmounts>();
        for (const l of lines) {
          const amounts = own.get(l.unitId) ?? {};
          amounts[l.accountCode] = (amounts[l.accountCode] ?? 0) + l.amountOre;
          own.set(l.unitId, amounts);
        }
        for (const [unitId, amounts] of rollUp(units, own)) {
          if (sameAmounts(before.get(unitId)?.actual?.[key], amounts)) continue;
          sets.set(unitId, { ...(sets.get(unitId) ?? {}), [`actual.${key}`]: amounts });
        }
      }
      await this.write(year, [...sets].map(([unitId, set]) => ({ unitId, set })));
    }
  }

  /**
   * Adds the change of one unit's own budget (per month, per account, in öre) to the roll-ups of the
   * unit and its ancestors with `$inc`: the request's answer shows it without reading every budget
   * of the year, which recomputeBudgets must (on FerretDB a scan of them all). finance's consumer
   * recomputes the year from the budgets themselves after every change, which mends a roll-up that
   * a race between the two left off.
   */
  async addToBudgets(year: number, chain: Iterable<string>, perMonth: readonly AccountAmounts[]): Promise<void> {
    const inc: Record<string, number> = {};
    MONTHS.forEach((key, i) => {
      for (const [code, ore] of Object.entries(perMonth[i] ?? {})) if (ore !== 0) inc[`budget.${key}.${code}`] = ore;
    });
    if (Object.keys(inc).length === 0) return;
    for (const unitId of chain) {
      // no defaults on insert: `budget: {}` beside `$inc` of `budget.m01.…` would be a conflict
      await this.models.Rollup.updateOne({ _id: rollupId(unitId, year) }, { $inc: inc, $setOnInsert: { unitId, year } }, { upsert: true, setDefaultsOnInsert: false });
    }
  }

  /** Rolls a year's budgets up again, for every unit (alone: see exclusively). */
  recomputeBudgets(year: number): Promise<void> {
    return this.exclusively(year, () => this.rollUpBudgets(year));
  }

  private async rollUpBudgets(year: number): Promise<void> {
    const units = await this.tree();
    const budgets = await this.models.Budget.find({ year }, { unitId: 1, lines: 1 }).lean();
    const perMonth = MONTHS.map((_, i) => {
      const own = new Map<string, AccountAmounts>();
      for (const b of budgets) {
        const amounts: AccountAmounts = {};
        for (const line of b.lines) amounts[line.accountCode] = (amounts[line.accountCode] ?? 0) + (line.monthly[i] ?? 0);
        own.set(b.unitId, amounts);
      }
      return rollUp(units, own);
    });
    const before = await this.existing(year, 'budget');
    const changes: Array<{ unitId: string; set: Record<string, unknown> }> = [];
    for (const u of units) {
      const budget = Object.fromEntries(MONTHS.map((key, i) => [key, perMonth[i]?.get(u.id) ?? {}])) as Record<MonthKey, AccountAmounts>;
      const old = before.get(u.id)?.budget ?? {};
      if (MONTHS.some((key) => !sameAmounts(old[key], budget[key]))) changes.push({ unitId: u.id, set: { budget } });
    }
    await this.write(year, changes);
  }

  /** Rolls a year's forecasts up again for every unit, in turn with the requests' roll-ups (recomputeForecastsFor). */
  recomputeForecasts(year: number): Promise<void> {
    return this.recomputeForecastsFor(year, 'all');
  }

  /** Rolls a year's forecasts up: for every unit, or for `only` these (chains). */
  private async rollUpForecasts(year: number, only?: ReadonlySet<string>): Promise<void> {
    const units = await this.tree();
    const forecasts = await this.models.Forecast.find({ year }, { unitId: 1, month: 1, yearEndOre: 1, submittedAt: 1 }).sort({ submittedAt: 1, _id: 1 }).lean();
    const submissions = new Map<string, Array<{ monthIndex: number; yearEndOre: number }>>();
    for (const f of forecasts) submissions.set(f.unitId, [...(submissions.get(f.unitId) ?? []), { monthIndex: Number(f.month.slice(5, 7)), yearEndOre: f.yearEndOre }]);
    const rolled = rollUpForecasts(units, submissions);
    const before = await this.existing(year, 'forecast', only);
    const changes: Array<{ unitId: string; set: Record<string, unknown> }> = [];
    for (const [unitId, values] of rolled) {
      if (only && !only.has(unitId)) continue;
      const forecast = Object.fromEntries(MONTHS.map((key, i) => [key, values[i] ?? null]));
      const old = before.get(unitId)?.forecast ?? {};
      if (MONTHS.some((key) => (old[key] ?? null) !== forecast[key])) changes.push({ unitId, set: { forecast } });
    }
    await this.write(year, changes);
  }

  /**
   * A request's forecast roll-up of `units` (a chain), shared with the requests that ask meanwhile:
   * each recomputation reads every forecast of the year (on FerretDB, a scan), so requests that
   * arrive while one runs wait for the next one, which covers all their units. The run a caller
   * waits for always starts after it asked, so it sees the caller's own forecast.
   */
  recomputeForecastsFor(year: number, units: Iterable<string> | 'all'): Promise<void> {
    let next = this.nextForecastRun.get(year);
    if (!next) {
      const entry: { units: Set<string> | 'all'; done: Promise<void> } = { units: new Set<string>(), done: Promise.resolve() };
      const previous = this.forecastRun.get(year) ?? Promise.resolve();
      entry.done = previous
        .catch(() => undefined)
        .then(async () => {
          this.nextForecastRun.delete(year);
          const run = this.rollUpForecasts(year, entry.units === 'all' ? undefined : entry.units);
          this.forecastRun.set(year, run);
          try {
            await run;
          } finally {
            if (this.forecastRun.get(year) === run) this.forecastRun.delete(year);
          }
        });
      next = entry;
      this.nextForecastRun.set(year, next);
    }
    if (units === 'all') next.units = 'all';
    else if (next.units !== 'all') for (const unit of units) next.units.add(unit);
    return next.done;
  }

  /**
   * Runs `fn` alone among this process's budget roll-up work of the year: a request's budget write
   * with its `$inc` (addToBudgets), or the consumer's recomputation from all budgets. Interleaved,
   * a recomputation that read the new budget could land before the `$inc`, which would then count
   * the change twice; in turn, each sees the other's result.
   */
  async exclusively<T>(year: number, fn: () => Promise<T>): Promise<T> {
    const release = await this.budgetYears.acquire(String(year));
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /** After the org tree changes shape: every year with records is rolled up again. */
  async recomputeAll(): Promise<void> {
    const budgetYears = await this.models.Budget.distinct('year');
    const forecastYears = await this.models.Forecast.distinct('year');
    const months = await this.models.Batch.distinct('months', { status: 'APPLIED' });
    for (const year of budgetYears) await this.recomputeBudgets(year);
    for (const year of forecastYears) await this.recomputeForecasts(year);
    await this.recomputeActuals(months);
  }
}
