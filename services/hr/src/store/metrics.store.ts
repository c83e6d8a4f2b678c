import { newWithEvents, op, withEvents, type EventFactory, type OrgDirectory, type OrgUnitSnapshot } from '@performa/platform';
import { computeHrMetrics, type HrMetricsFigures } from '../domain/hr-metrics';
import { metricsEvent } from '../events/published';
import type { EmployeeStore } from './employee.store';
import type { HrMetricsRecord, HrModels } from './models';
import type { Origin } from './org-unit.store';

/** HR metrics over subtrees, computed from the employees; and the published record of them. */
export class MetricsStore {
  constructor(
    private readonly models: HrModels,
    private readonly org: OrgDirectory,
    private readonly employees: EmployeeStore,
    private readonly events: EventFactory,
  ) {}

  async compute(unitId: string, month: string): Promise<HrMetricsFigures> {
    const units = await this.org.subtreeIds(unitId);
    return computeHrMetrics(await this.employees.everPlacedIn(units), new Set(units), month, await this.signedAgreements(Number(month.slice(0, 4))));
  }

  /** Employees with a signed agreement for the year. */
  async signedAgreements(year: number): Promise<Set<string>> {
    const signed = await this.models.Agreement.find({ year, status: 'SIGNED' }, { employeeId: 1 }).lean();
    return new Set(signed.map((a) => a.employeeId));
  }

  /**
   * Recomputes each unit's metrics for each month and publishes those that changed. The employees
   * of the topmost unit's subtree are read once and shared by every unit and month.
   */
  async refresh(unitIds: string[], months: string[], origin: Origin): Promise<number> {
    const units = (await this.org.getMany(unitIds)).filter((u) => u !== null);
    if (units.length === 0 || months.length === 0) return 0;
    // one pass per tree: a batch of changes may touch units under more than one root
    const roots = new Map<string, typeof units>();
    for (const u of units) roots.set(u.ancestors[0] ?? u.id, [...(roots.get(u.ancestors[0] ?? u.id) ?? []), u]);
    let published = 0;
    for (const tree of roots.values()) published += await this.refreshTree(tree, months, origin);
    return published;
  }

  private async refreshTree(units: OrgUnitSnapshot[], months: string[], origin: Origin): Promise<number> {
    // the topmost unit's subtree holds them all when the units are chains up to the root (they are)
    const top = units.reduce((a, b) => (a.ancestors.length <= b.ancestors.length ? a : b));
    const all = await this.org.subtree(units.every((u) => u.id === top.id || u.ancestors.includes(top.id)) ? top.id : (top.ancestors[0] ?? top.id));
    const staff = await this.employees.everPlacedIn(all.map((u) => u.id));
    const signed = new Map<number, Set<string>>();
    for (const year of new Set(months.map((m) => Number(m.slice(0, 4))))) signed.set(year, await this.signedAgreements(year));
    // the units' current records in one read, not one lookup per unit and month (a batch touches hundreds)
    const stored = await this.models.HrMetrics.find({ unitId: op({ $in: units.map((u) => u.id) }) }, { outbox: 0 }).lean<HrMetricsRecord[]>();
    const current = new Map(stored.map((r) => [r._id, r]));
    let published = 0;
    for (const unit of units) {
      const subtree = new Set(all.filter((u) => u.id === unit.id || u.ancestors.includes(unit.id)).map((u) => u.id));
      // only those ever placed in the subtree count (computeHrMetrics skips the others anyway): a
      // unit's 25 people instead of the municipality's 8,500, for each of its months
      const ours = staff.filter((e) => e.placements.some((p) => subtree.has(p.unitId)));
      for (const month of months) {
        const figures = computeHrMetrics(ours, subtree, month, signed.get(Number(month.slice(0, 4))));
        if (await this.publishIfChanged(unit.id, figures, origin, current.get(`${unit.id}:${month}`) ?? null)) published += 1;
      }
    }
    return published;
  }

  /** `known`: the record as read just before (null: none yet); a conflict reads it again. */
  private async publishIfChanged(unitId: string, figures: HrMetricsFigures, origin: Origin, known: HrMetricsRecord | null): Promise<boolean> {
    const id = `${unitId}:${figures.month}`;
    const { month, ...values } = figures;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const current = attempt === 0 ? known : await this.models.HrMetrics.findById(id, { outbox: 0 }).lean<HrMetricsRecord>();
      if (current && (Object.keys(values) as Array<keyof typeof values>).every((k) => current[k] === values[k])) {
        return false;
      }
      const version = (current?.version ?? 0) + 1;
      const entry = this.events.entry(metricsEvent({ unitId, month, ...values, version }), origin);
      try {
        if (!current) {
          await this.models.HrMetrics.create({ _id: id, unitId, month, ...values, version, ...newWithEvents([entry]) });
          return true;
        }
        const updated = await this.models.HrMetrics.updateOne({ _id: id, version: current.version }, withEvents<HrMetricsRecord>({ $set: { ...values, version } }, [entry]));
        if (updated.modifiedCount === 1) return true;
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
      }
      // someone else wrote this unit and month meanwhile: read again and compare
    }
    throw new Error(`could not record HR metrics for ${id} after 5 attempts`);
  }
}
