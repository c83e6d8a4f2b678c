import { randomUUID } from 'node:crypto';
import { ConflictError, newWithEvents, op, withEvents, type EventFactory } from '@performa/platform';
import { addDays, monthOf, monthRange } from '../domain/calendar';
import { employeeEvent, type EmployeeEvent } from '../events/published';
import type { EmployeeRecord, HrModels } from './models';
import type { Origin } from './org-unit.store';

export interface HireInput {
  unitId: string;
  firstName: string;
  lastName: string;
  email: string;
  title: string | null;
  fte: number;
  startDate: string;
}

export class EmployeeStore {
  constructor(
    private readonly models: HrModels,
    private readonly events: EventFactory,
  ) {}

  get(id: string): Promise<EmployeeRecord | null> {
    return this.models.Employee.findById(id).lean<EmployeeRecord>();
  }

  /** In one query, in the order of `ids`: what federation's batched references need. */
  async getMany(ids: readonly string[]): Promise<Array<EmployeeRecord | null>> {
    const docs = await this.models.Employee.find({ _id: op({ $in: [...new Set(ids)] }) }).lean<EmployeeRecord[]>();
    const byId = new Map(docs.map((d) => [d._id, d]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async hire(input: HireInput, origin: Origin): Promise<EmployeeRecord> {
    const id = randomUUID();
    const entry = this.events.entry(employeeEvent({ type: 'hr.EmployeeHired', data: { employeeId: id, unitId: input.unitId, fte: input.fte, startDate: input.startDate, version: 1 } }), origin);
    try {
      const doc = await this.models.Employee.create({
        _id: id,
        ...input,
        endDate: null,
        placements: [{ unitId: input.unitId, from: input.startDate, to: null }],
        sickLeave: [],
        version: 1,
        ...newWithEvents([entry]),
      });
      return doc.toObject() as EmployeeRecord;
    } catch (error) {
      if ((error as { code?: number }).code === 11000) throw new ConflictError(`An employee with e-mail ${input.email} already exists.`, { field: 'email' });
      throw error;
    }
  }

  async transfer(employee: EmployeeRecord, toUnitId: string, date: string, origin: Origin): Promise<EmployeeRecord> {
    const placements = employee.placements.map((p) => (p.to === null ? { ...p, to: addDays(date, -1) } : p));
    placements.push({ unitId: toUnitId, from: date, to: null });
    return this.change(employee, { unitId: toUnitId, placements }, { type: 'hr.EmployeeTransferred', data: { employeeId: employee._id, fromUnitId: employee.unitId, toUnitId, date, version: employee.version + 1 } }, origin);
  }

  async terminate(employee: EmployeeRecord, endDate: string, origin: Origin): Promise<EmployeeRecord> {
    return this.change(employee, { endDate }, { type: 'hr.EmployeeTerminated', data: { employeeId: employee._id, unitId: employee.unitId, endDate, version: employee.version + 1 } }, origin);
  }

  async reportSickLeave(employee: EmployeeRecord, spell: { from: string; to: string; percent: number }, origin: Origin): Promise<EmployeeRecord> {
    const months = monthRange(monthOf(spell.from), monthOf(spell.to));
    return this.change(
      employee,
      { sickLeave: [...employee.sickLeave, spell] },
      { type: 'hr.SickLeaveReported', data: { employeeId: employee._id, unitId: employee.unitId, months, version: employee.version + 1 } },
      origin,
    );
  }

  private async change(employee: EmployeeRecord, set: Partial<EmployeeRecord>, event: EmployeeEvent, origin: Origin): Promise<EmployeeRecord> {
    const entry = this.events.entry(employeeEvent(event), origin);
    const updated = await this.models.Employee.findOneAndUpdate(
      { _id: employee._id, version: employee.version },
      withEvents<EmployeeRecord>({ $set: { ...set, version: employee.version + 1 } }, [entry]),
      { new: true },
    ).lean<EmployeeRecord>();
    if (!updated) throw new ConflictError('This employee was changed by someone else just now; reload and try again.');
    return updated;
  }

  /** Employees placed in any of `unitIds` at some time: the input of metrics over a subtree. */
  async everPlacedIn(unitIds: string[]): Promise<Array<EmployeeRecord & { id: string }>> {
    const found = await this.models.Employee.find({ 'placements.unitId': op({ $in: unitIds }) }, { firstName: 0, lastName: 0, email: 0, title: 0, outbox: 0 }).lean<EmployeeRecord[]>();
    return found.map((e) => ({ ...e, id: e._id }));
  }

  /** Current staff of the units (not ended before `today`), sorted by name, one page. */
  async currentStaff(unitIds: string[], today: string, offset: number, limit: number): Promise<{ items: EmployeeRecord[]; total: number }> {
    const filter = { unitId: op({ $in: unitIds }), $or: [{ endDate: null }, { endDate: op({ $gte: today }) }] };
    const [items, total] = await Promise.all([
      // limit(0) would mean no limit: first: 0 asks only for the total
      limit === 0 ? Promise.resolve([]) : this.models.Employee.find(filter).sort({ lastName: 1, firstName: 1, _id: 1 }).skip(offset).limit(limit).lean<EmployeeRecord[]>(),
      this.models.Employee.countDocuments(filter),
    ]);
    return { items, total };
  }

  async activeInUnit(unitId: string, on: string): Promise<boolean> {
    return !!(await this.models.Employee.exists({ unitId, $or: [{ endDate: null }, { endDate: op({ $gte: on }) }] }));
  }
}
