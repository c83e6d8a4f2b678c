import { createHash } from 'node:crypto';
import { ConflictError, newWithEvents, type EventFactory, type Logger } from '@performa/platform';
import type { AccountKind } from '../domain/summary';
import { actualsEvent, type UnitMonthTotal } from '../events/published';
import type { ActualLineRecord, BatchRecord, FinanceModels } from './models';
import type { RollupStore } from './rollup.store';

export interface ValidEntry {
  unitId: string;
  accountCode: string;
  month: string;
  amountOre: number;
}

export interface Origin {
  tenant: string;
  actor: string;
}

export interface PostResult {
  batchId: string;
  entryCount: number;
  /** false when this batch id had been posted before: the entries were counted once, then */
  applied: boolean;
  months: string[];
}

const LEASE_MS = 120_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A batch's fingerprint: its entries in order, so any difference makes another batch. */
export function batchHash(entries: readonly ValidEntry[]): string {
  const hash = createHash('sha256');
  for (const e of entries) hash.update(`${e.unitId}\u0000${e.accountCode}\u0000${e.month}\u0000${e.amountOre}\n`);
  return hash.digest('hex');
}

/**
 * Posts a batch of actual outcomes exactly once per batch id, without multi-document transactions:
 * the batch document is claimed first (its unique id decides which request applies it), the
 * entries are written as lines with ids derived from the batch (so a resumed write is idempotent),
 * rolled up, and the batch flips to APPLIED together with its event. Lines count only once their
 * batch is APPLIED, so a batch that dies half-way is invisible until it is posted again.
 */
export class ActualsStore {
  constructor(
    private readonly models: FinanceModels,
    private readonly rollups: RollupStore,
    private readonly events: EventFactory,
    private readonly logger: Logger,
  ) {}

  async post(batchId: string, entries: ValidEntry[], kinds: ReadonlyMap<string, AccountKind>, origin: Origin): Promise<PostResult> {
    const hash = batchHash(entries);
    const months = [...new Set(entries.map((e) => e.month))].sort();
    for (let attempt = 0; ; attempt += 1) {
      const claimed = await this.claim(batchId, hash, entries.length, months);
      if (claimed === 'APPLIED') return { batchId, entryCount: entries.length, applied: false, months };
      if (claimed === 'CLAIMED') {
        await this.apply(batchId, entries, months, kinds, origin);
        return { batchId, entryCount: entries.length, applied: true, months };
      }
      // another request is applying this very batch: wait for it, then answer as it did
      if (attempt > LEASE_MS / 100) throw new ConflictError(`Batch ${batchId} is still being posted by another request; try again later.`);
      await sleep(100);
    }
  }

  private async claim(batchId: string, hash: string, entryCount: number, months: string[]): Promise<'CLAIMED' | 'APPLIED' | 'BUSY'> {
    const now = new Date();
    try {
      await this.models.Batch.create({ _id: batchId, hash, status: 'PENDING', leaseUntil: new Date(now.getTime() + LEASE_MS), entryCount, months, createdAt: now, outbox: [], outboxPending: false, outboxSeq: 0 });
      return 'CLAIMED';
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
    }
    const existing = await this.models.Batch.findById(batchId, { hash: 1, status: 1, leaseUntil: 1 }).lean<BatchRecord>();
    if (!existing) return 'BUSY';
    if (existing.hash !== hash) throw new ConflictError(`Batch ${batchId} was already posted with other entries; a new batch needs a new batchId.`, { field: 'batchId' });
    if (existing.status === 'APPLIED') return 'APPLIED';
    if (existing.leaseUntil.getTime() > now.getTime()) return 'BUSY';
    // the request that claimed it died half-way: take it over (one taker wins the compare-and-set)
    const taken = await this.models.Batch.updateOne({ _id: batchId, status: 'PENDING', leaseUntil: existing.leaseUntil }, { $set: { leaseUntil: new Date(now.getTime() + LEASE_MS) } });
    if (taken.modifiedCount === 1) this.logger.warn({ batchId }, 'resuming a batch whose first attempt did not finish');
    return taken.modifiedCount === 1 ? 'CLAIMED' : 'BUSY';
  }

  private async apply(batchId: string, entries: ValidEntry[], months: string[], kinds: ReadonlyMap<string, AccountKind>, origin: Origin): Promise<void> {
    const lines = new Map<string, ActualLineRecord>();
    const totals = new Map<string, UnitMonthTotal>();
    for (const e of entries) {
      const id = `${batchId}|${e.unitId}|${e.accountCode}|${e.month}`;
      const line = lines.get(id) ?? { _id: id, batchId, unitId: e.unitId, accountCode: e.accountCode, month: e.month, amountOre: 0 };
      line.amountOre += e.amountOre;
      lines.set(id, line);
      const key = `${e.unitId}|${e.month}`;
      const total = totals.get(key) ?? { unitId: e.unitId, month: e.month, netOre: 0 };
      total.netOre += (kinds.get(e.accountCode) === 'REVENUE' ? -1 : 1) * e.amountOre;
      totals.set(key, total);
    }
    for (const month of months) {
      const docs = [...lines.values()].filter((l) => l.month === month);
      for (let i = 0; i < docs.length; i += 5_000) {
        try {
          await this.models.linesOf(month).insertMany(docs.slice(i, i + 5_000), { ordered: false, lean: true });
        } catch (error) {
          // lines a resumed attempt already wrote: same ids, same amounts
          const writeErrors = (error as { writeErrors?: Array<{ code?: number; err?: { code?: number } }> }).writeErrors ?? [];
          if (writeErrors.length === 0 || writeErrors.some((w) => (w.code ?? w.err?.code) !== 11000)) throw error;
        }
      }
    }
    // the roll-up counts this batch's lines now; other readers count them once it is APPLIED
    await this.rollups.recomputeActuals(months, batchId);
    const entry = this.events.entry(actualsEvent({ batchId, entryCount: entries.length, months, totals: [...totals.values()] }), origin);
    await this.models.Batch.updateOne({ _id: batchId }, { $set: { status: 'APPLIED', ...newWithEvents([entry]) } });
  }
}
