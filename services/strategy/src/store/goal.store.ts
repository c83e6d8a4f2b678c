import { randomUUID } from 'node:crypto';
import { ConflictError, newWithEvents, op, withEvents, type EventFactory } from '@performa/platform';
import { goalEvent, type GoalEventType, type GoalSnapshot } from '../events/published';
import type { GoalRecord, GoalStatus, Perspective, StrategyModels } from './models';

export interface Origin {
  tenant: string;
  actor: string;
}

export function snapshot(goal: GoalRecord): GoalSnapshot {
  return { id: goal._id, title: goal.title, termId: goal.termId, ownerId: goal.ownerId, parentId: goal.parentId, perspective: goal.perspective, archived: goal.archived, version: goal.version };
}

export class GoalStore {
  constructor(
    private readonly models: StrategyModels,
    private readonly events: EventFactory,
  ) {}

  async getMany(ids: readonly string[]): Promise<Array<GoalRecord | null>> {
    const docs = await this.models.Goal.find({ _id: op({ $in: [...new Set(ids)] }) }).lean<GoalRecord[]>();
    const byId = new Map(docs.map((d) => [d._id, d]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  list(filter: { termId?: string; ownerIds?: string[]; perspective?: Perspective; parentId?: string; includeArchived?: boolean }): Promise<GoalRecord[]> {
    const query: Record<string, unknown> = {};
    if (filter.termId) query.termId = filter.termId;
    if (filter.ownerIds) query.ownerId = op({ $in: filter.ownerIds });
    if (filter.perspective) query.perspective = filter.perspective;
    if (filter.parentId) query.parentId = filter.parentId;
    if (!filter.includeArchived) query.archived = false;
    return this.models.Goal.find(query).sort({ termId: 1, title: 1, _id: 1 }).limit(5_000).lean<GoalRecord[]>();
  }

  liveChildren(id: string): Promise<number> {
    return this.models.Goal.countDocuments({ parentId: id, archived: false });
  }

  /** Parent links of every goal of a term: enough to walk up from any goal when checking a cycle. */
  async parentLinks(termId: string): Promise<Map<string, string | null>> {
    const docs = await this.models.Goal.find({ termId }, { parentId: 1 }).lean<Array<Pick<GoalRecord, '_id' | 'parentId'>>>();
    return new Map(docs.map((d) => [d._id, d.parentId]));
  }

  async create(input: { title: string; description: string | null; perspective: Perspective; termId: string; ownerId: string; parentId: string | null }, origin: Origin): Promise<GoalRecord> {
    const goal: GoalRecord = { _id: randomUUID(), ...input, archived: false, status: 'NOT_MEASURED', statusVersion: 0, version: 1, outbox: [], outboxPending: false, outboxSeq: 0 };
    const entry = this.events.entry(goalEvent('strategy.GoalCreated', snapshot(goal)), origin);
    await this.models.Goal.create({ ...goal, ...newWithEvents([entry]) });
    return goal;
  }

  /** One change, with optimistic concurrency on `version`. */
  async update(goal: GoalRecord, change: Partial<Pick<GoalRecord, 'title' | 'description' | 'parentId' | 'archived'>>, type: GoalEventType, origin: Origin): Promise<GoalRecord> {
    const next = { ...goal, ...change, version: goal.version + 1 };
    const entry = this.events.entry(goalEvent(type, snapshot(next)), origin);
    const updated = await this.models.Goal.findOneAndUpdate({ _id: goal._id, version: goal.version }, withEvents<GoalRecord>({ $set: { ...change, version: next.version } }, [entry]), { new: true }).lean<GoalRecord>();
    if (!updated) throw new ConflictError('This goal was changed by someone else just now; reload and try again.');
    return updated;
  }

  /** Applies scorecard's fulfilment unless a newer one was applied already (late or redelivered events). */
  async applyStatus(goalId: string, status: GoalStatus, version: number): Promise<boolean> {
    const result = await this.models.Goal.updateOne({ _id: goalId, statusVersion: op({ $lt: version }) }, { $set: { status, statusVersion: version } });
    return result.modifiedCount === 1;
  }
}
