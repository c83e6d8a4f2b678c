import { Schema, type Connection, type Model } from 'mongoose';
import { op } from '../store/mongo';
import type { OrgUnitSnapshot } from './org-unit';
import { ORG_UNIT_KINDS } from './org-unit';

export interface OrgUnitDoc extends Omit<OrgUnitSnapshot, 'id'> {
  _id: string;
}

export const orgUnitFields = {
  _id: { type: String, required: true },
  code: { type: String, required: true },
  name: { type: String, required: true },
  kind: { type: String, enum: ORG_UNIT_KINDS, required: true },
  parentId: { type: String, default: null },
  ancestors: { type: [String], default: [] },
  managerId: { type: String, default: null },
  closedOn: { type: String, default: null },
  version: { type: Number, required: true, default: 1 },
};

export function toSnapshot(doc: OrgUnitDoc): OrgUnitSnapshot {
  return {
    id: doc._id,
    code: doc.code,
    name: doc.name,
    kind: doc.kind,
    parentId: doc.parentId ?? null,
    ancestors: doc.ancestors ?? [],
    managerId: doc.managerId ?? null,
    closedOn: doc.closedOn ?? null,
    version: doc.version,
  };
}

/**
 * Read access to the org tree, over hr's own collection or another service's projection of it:
 * scope checks (a unit's path), roll-ups (a subtree's ids) and lookups by id in one query.
 */
export class OrgDirectory {
  constructor(readonly model: Model<OrgUnitDoc>) {}

  async get(id: string): Promise<OrgUnitSnapshot | null> {
    const doc = await this.model.findById(id).lean<OrgUnitDoc>();
    return doc ? toSnapshot(doc) : null;
  }

  /** In one query, in the order of `ids`; missing ids give null. */
  async getMany(ids: readonly string[]): Promise<Array<OrgUnitSnapshot | null>> {
    const docs = await this.model.find({ _id: op({ $in: [...new Set(ids)] }) }).lean<OrgUnitDoc[]>();
    const byId = new Map(docs.map((d) => [d._id, toSnapshot(d)]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async children(parentId: string): Promise<OrgUnitSnapshot[]> {
    const docs = await this.model.find({ parentId }).sort({ code: 1 }).lean<OrgUnitDoc[]>();
    return docs.map(toSnapshot);
  }

  /** The unit and everything below it. */
  async subtree(id: string): Promise<OrgUnitSnapshot[]> {
    const docs = await this.model.find({ $or: [{ _id: id }, { ancestors: id }] }).lean<OrgUnitDoc[]>();
    return docs.map(toSnapshot);
  }

  async subtreeIds(id: string): Promise<string[]> {
    return (await this.subtree(id)).map((u) => u.id);
  }
}

export function orgUnitSchema(): Schema<OrgUnitDoc> {
  const schema = new Schema<OrgUnitDoc>(orgUnitFields, { versionKey: false, timestamps: true });
  schema.index({ parentId: 1 });
  schema.index({ ancestors: 1 });
  return schema;
}

/** The projection's collection in a consuming service's own database. */
export function orgProjectionModel(connection: Connection): Model<OrgUnitDoc> {
  return (connection.models.OrgUnitProjection as Model<OrgUnitDoc> | undefined) ?? connection.model<OrgUnitDoc>('OrgUnitProjection', orgUnitSchema(), 'org_units');
}
