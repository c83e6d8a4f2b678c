import { randomUUID } from 'node:crypto';
import {
  ConflictError,
  newWithEvents,
  op,
  rebaseDescendants,
  OrgDirectory,
  toSnapshot,
  withEvents,
  type EventFactory,
  type OrgUnitKind,
  type OrgUnitSnapshot,
  type OutboxEntry,
} from '@performa/platform';
import type { Logger } from 'pino';
import { orgUnitEvent, type OrgUnitEventType } from '../events/published';
import type { HrModels, OrgUnitRecord } from './models';

export interface Origin {
  tenant: string;
  actor: string;
}

/** hr's own org units: the source of truth that every other service projects. */
export class OrgUnitStore {
  readonly directory: OrgDirectory;

  constructor(
    private readonly models: HrModels,
    private readonly events: EventFactory,
  ) {
    this.directory = new OrgDirectory(models.OrgUnit as never);
  }

  async create(input: { code: string; name: string; kind: OrgUnitKind; parent: OrgUnitSnapshot | null }, origin: Origin): Promise<OrgUnitSnapshot> {
    const unit: OrgUnitSnapshot = {
      id: randomUUID(),
      code: input.code,
      name: input.name,
      kind: input.kind,
      parentId: input.parent?.id ?? null,
      ancestors: input.parent ? [...input.parent.ancestors, input.parent.id] : [],
      managerId: null,
      closedOn: null,
      version: 1,
    };
    const entry = this.events.entry(orgUnitEvent('hr.OrgUnitCreated', unit), origin);
    const { id, ...fields } = unit;
    try {
      await this.models.OrgUnit.create({ _id: id, ...fields, ...newWithEvents([entry]) });
    } catch (error) {
      if ((error as { code?: number }).code === 11000) throw new ConflictError(`An org unit with code ${input.code} already exists.`, { field: 'code' });
      throw error;
    }
    return unit;
  }

  /**
   * Applies a change to one unit with optimistic concurrency: the write matches only the version
   * that was read, so two concurrent edits can't silently overwrite each other.
   */
  async update(
    unit: OrgUnitSnapshot,
    change: Partial<Pick<OrgUnitSnapshot, 'name' | 'parentId' | 'ancestors' | 'managerId' | 'closedOn'>>,
    type: OrgUnitEventType,
    origin: Origin,
    extra: Record<string, unknown> = {},
  ): Promise<OrgUnitSnapshot> {
    const next: OrgUnitSnapshot = { ...unit, ...change, version: unit.version + 1 };
    const entry: OutboxEntry = this.events.entry(orgUnitEvent(type, next, extra), origin);
    const updated = await this.models.OrgUnit.findOneAndUpdate(
      { _id: unit.id, version: unit.version },
      withEvents<OrgUnitRecord>({ $set: { ...change, version: next.version } }, [entry]),
      { new: true },
    ).lean<OrgUnitRecord>();
    if (!updated) throw new ConflictError(`${unit.name} was changed by someone else just now; reload and try again.`);
    return toSnapshot(updated);
  }

  /** After a move: the descendants' ancestors follow the moved unit's new path. */
  rebaseDescendants(moved: OrgUnitSnapshot): Promise<void> {
    return rebaseDescendants(this.models.OrgUnit as never, moved);
  }

  /**
   * Re-derives every unit's ancestors from the parent links: run at start, it repairs a move whose
   * descendant updates were cut short by a crash (parent links are written atomically, paths are not).
   */
  async repairAncestors(logger: Logger): Promise<number> {
    const all = await this.models.OrgUnit.find({}, { parentId: 1, ancestors: 1 }).lean<Array<Pick<OrgUnitRecord, '_id' | 'parentId' | 'ancestors'>>>();
    const parentOf = new Map(all.map((u) => [u._id, u.parentId]));
    let repaired = 0;
    for (const unit of all) {
      const path: string[] = [];
      for (let p = unit.parentId; p && path.length < 50; p = parentOf.get(p) ?? null) path.unshift(p);
      if (path.join('/') !== unit.ancestors.join('/')) {
        await this.models.OrgUnit.updateOne({ _id: unit._id }, { $set: { ancestors: path } });
        repaired += 1;
      }
    }
    if (repaired > 0) logger.warn({ repaired }, 'repaired org unit paths left behind by an interrupted move');
    return repaired;
  }

  async hasOpenChildren(id: string, on: string): Promise<boolean> {
    return !!(await this.models.OrgUnit.exists({ parentId: id, $or: [{ closedOn: null }, { closedOn: op({ $gt: on }) }] }));
  }

  async list(filter: { parentId?: string; kind?: OrgUnitKind }): Promise<OrgUnitSnapshot[]> {
    const query: Record<string, unknown> = {};
    if (filter.parentId !== undefined) query.parentId = filter.parentId;
    if (filter.kind !== undefined) query.kind = filter.kind;
    const docs = await this.models.OrgUnit.find(query).sort({ code: 1 }).limit(5_000).lean<OrgUnitRecord[]>();
    return docs.map(toSnapshot);
  }
}
