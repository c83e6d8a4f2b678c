import { ConflictError, newWithEvents, withEvents, type EventFactory } from '@performa/platform';
import { TOPICS } from '../events/published';
import type { AgreementRecord, AgreementStatus, HrModels } from './models';
import type { Origin } from './org-unit.store';

export const agreementId = (employeeId: string, year: number) => `${employeeId}_${year}`;

/** Employee agreements: one per employee and year, drafted, then signed by the employee and a manager. */
export class AgreementStore {
  constructor(
    private readonly models: HrModels,
    private readonly events: EventFactory,
  ) {}

  get(id: string): Promise<AgreementRecord | null> {
    return this.models.Agreement.findById(id, { outbox: 0 }).lean<AgreementRecord>();
  }

  /** A new draft, or one that replaces an unsigned draft; anything signed is immutable (CONFLICT). */
  async draft(input: { employeeId: string; unitId: string; year: number; contributions: Array<{ goalId: string; description: string }> }, origin: Origin): Promise<AgreementRecord> {
    const id = agreementId(input.employeeId, input.year);
    const current = await this.get(id);
    if (current && current.status !== 'DRAFT') throw new ConflictError(`The ${input.year} agreement is already signed (${current.status}) and can no longer change.`);
    const version = (current?.version ?? 0) + 1;
    const entry = this.events.entry(
      { topic: TOPICS.agreement, type: 'hr.AgreementDrafted', subject: input.employeeId, data: { agreementId: id, employeeId: input.employeeId, unitId: input.unitId, year: input.year, goalIds: input.contributions.map((c) => c.goalId), version } },
      origin,
    );
    const fields = { employeeId: input.employeeId, unitId: input.unitId, year: input.year, status: 'DRAFT' as const, contributions: input.contributions, needsReview: false, signedByEmployeeAt: null, signedByManager: null, signedByManagerAt: null, version };
    try {
      if (!current) await this.models.Agreement.create({ _id: id, ...fields, ...newWithEvents([entry]) });
      else if ((await this.models.Agreement.updateOne({ _id: id, version: current.version, status: 'DRAFT' }, withEvents<AgreementRecord>({ $set: fields }, [entry]))).modifiedCount !== 1) {
        throw new ConflictError('The agreement was changed or signed by someone else just now; reload and try again.');
      }
    } catch (error) {
      if ((error as { code?: number }).code === 11000) throw new ConflictError('The agreement was drafted by someone else just now; reload and try again.');
      throw error;
    }
    return { ...(current ?? ({} as AgreementRecord)), _id: id, ...fields, outbox: [], outboxPending: false, outboxSeq: 0 };
  }

  async sign(agreement: AgreementRecord, status: Exclude<AgreementStatus, 'DRAFT'>, signedBy: string, origin: Origin): Promise<AgreementRecord> {
    const version = agreement.version + 1;
    const now = new Date();
    const set = status === 'SIGNED_BY_EMPLOYEE' ? { status, signedByEmployeeAt: now, version } : { status, signedByManager: signedBy, signedByManagerAt: now, version };
    const entry = this.events.entry(
      { topic: TOPICS.agreement, type: 'hr.AgreementSigned', subject: agreement.employeeId, data: { agreementId: agreement._id, employeeId: agreement.employeeId, unitId: agreement.unitId, year: agreement.year, status, signedBy, version } },
      origin,
    );
    const updated = await this.models.Agreement.findOneAndUpdate({ _id: agreement._id, version: agreement.version }, withEvents<AgreementRecord>({ $set: set }, [entry]), { new: true }).lean<AgreementRecord>();
    if (!updated) throw new ConflictError('The agreement was changed or signed by someone else just now; reload and try again.');
    return updated;
  }

  /** Flags every agreement citing an archived goal; the signatures are left as they are. */
  async flagForReview(goalId: string): Promise<number> {
    // one update by _id each, not updateMany: on FerretDB only a write by _id waits for the
    // document's lock, and a signature landing in the middle of an updateMany would be lost
    const citing = await this.models.Agreement.find({ 'contributions.goalId': goalId, needsReview: false }, { _id: 1 }).lean();
    let flagged = 0;
    for (const { _id } of citing) flagged += (await this.models.Agreement.updateOne({ _id, needsReview: false }, { $set: { needsReview: true } })).modifiedCount;
    return flagged;
  }

  /** Agreements citing a goal, for Goal.contributions: newest year first. */
  citing(goalId: string): Promise<AgreementRecord[]> {
    return this.models.Agreement.find({ 'contributions.goalId': goalId }, { outbox: 0 }).sort({ year: -1, employeeId: 1 }).limit(10_000).lean<AgreementRecord[]>();
  }
}
