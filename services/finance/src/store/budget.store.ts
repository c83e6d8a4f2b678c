import { ConflictError, newWithEvents, withEvents, type EventFactory } from '@performa/platform';
import { budgetChange } from '../domain/rollup';
import type { AccountKind } from '../domain/summary';
import { budgetEvent } from '../events/published';
import type { Origin } from './actuals.store';
import type { BudgetLine, BudgetRecord, FinanceModels } from './models';
import type { RollupStore } from './rollup.store';

export const budgetId = (unitId: string, year: number) => `${unitId}:${year}`;

export function netBudgetOre(lines: readonly BudgetLine[], kinds: ReadonlyMap<string, AccountKind>): number {
  return lines.reduce((sum, l) => sum + (kinds.get(l.accountCode) === 'REVENUE' ? -1 : 1) * l.monthly.reduce((a, b) => a + b, 0), 0);
}

export class BudgetStore {
  constructor(
    private readonly models: FinanceModels,
    private readonly rollups: RollupStore,
    private readonly events: EventFactory,
  ) {}

  get(unitId: string, year: number): Promise<BudgetRecord | null> {
    return this.models.Budget.findById(budgetId(unitId, year)).lean<BudgetRecord>();
  }

  /** Replaces a unit's draft budget for a year; an approved one is locked (CONFLICT). */
  async set(unitId: string, year: number, lines: BudgetLine[], kinds: ReadonlyMap<string, AccountKind>, origin: Origin): Promise<void> {
    const current = await this.get(unitId, year);
    if (current?.status === 'APPROVED') throw new ConflictError(`The ${year} budget is approved and locked; FINANCE can re-open it.`);
    const version = (current?.version ?? 0) + 1;
    const entry = this.events.entry(budgetEvent('finance.BudgetChanged', { unitId, year, budgetYearOre: netBudgetOre(lines, kinds), status: 'DRAFT', version }), origin);
    const chain = await this.rollups.chainOf(unitId);
    // the write and its roll-up in turn with finance's recomputation of the year (exclusively)
    await this.rollups.exclusively(year, async () => {
      if (!current) {
        try {
          await this.models.Budget.create({ _id: budgetId(unitId, year), unitId, year, lines, status: 'DRAFT', version, ...newWithEvents([entry]) });
        } catch (error) {
          if ((error as { code?: number }).code === 11000) throw new ConflictError('The budget was changed by someone else just now; reload and try again.');
          throw error;
        }
      } else {
        const updated = await this.models.Budget.updateOne({ _id: current._id, version: current.version, status: 'DRAFT' }, withEvents<BudgetRecord>({ $set: { lines, version } }, [entry]));
        if (updated.modifiedCount !== 1) throw new ConflictError('The budget was changed or approved by someone else just now; reload and try again.');
      }
      // the request's own roll-up: the difference, added along the unit's chain; finance's consumer
      // rolls the whole year up again from the budgets
      await this.rollups.addToBudgets(year, chain, budgetChange(current?.lines ?? [], lines));
    });
  }

  /** DRAFT → APPROVED (approve) or back (re-open), with optimistic concurrency. */
  async setStatus(budget: BudgetRecord, status: 'DRAFT' | 'APPROVED', kinds: ReadonlyMap<string, AccountKind>, origin: Origin): Promise<void> {
    const version = budget.version + 1;
    const data = { unitId: budget.unitId, year: budget.year, budgetYearOre: netBudgetOre(budget.lines, kinds), status, version };
    const entry = this.events.entry(status === 'APPROVED' ? budgetEvent('finance.BudgetApproved', { ...data, status: 'APPROVED' }) : budgetEvent('finance.BudgetChanged', data), origin);
    const updated = await this.models.Budget.updateOne({ _id: budget._id, version: budget.version }, withEvents<BudgetRecord>({ $set: { status, version } }, [entry]));
    if (updated.modifiedCount !== 1) throw new ConflictError('The budget was changed by someone else just now; reload and try again.');
  }
}
