import type { Model } from 'mongoose';
import { op } from '../store/mongo';
import type { EventEnvelope } from '../events/envelope';
import type { Subscription } from '../events/consumer';
import type { OrgUnitDoc } from './org-directory';
import { ORG_UNIT_EVENTS, ORG_UNIT_TOPIC, type OrgUnitSnapshot } from './org-unit';

/**
 * Applies one of hr's org unit snapshots to a projection. Only a newer version replaces what is
 * stored, so a redelivered or late event changes nothing; a move re-derives the ancestors of the
 * moved unit's descendants from the new path.
 */
export async function applyOrgUnitSnapshot(model: Model<OrgUnitDoc>, unit: OrgUnitSnapshot): Promise<boolean> {
  const before = await model.findById(unit.id, { ancestors: 1, version: 1 }).lean<Pick<OrgUnitDoc, '_id' | 'ancestors' | 'version'>>();
  if (before && before.version >= unit.version) return false;
  const { id, code, name, kind, parentId, managerId, closedOn, version } = unit;
  // events of different units arrive in no set order (other keys, other partitions): a unit created
  // before its parent moved may arrive after the move, with the old path. The parent's projected
  // path is newer than or as new as the event's, so the path is derived from it when it is known.
  let ancestors = unit.ancestors;
  if (parentId) {
    const parent = await model.findById(parentId, { ancestors: 1 }).lean<Pick<OrgUnitDoc, '_id' | 'ancestors'>>();
    if (parent) ancestors = [...parent.ancestors, parent._id];
  }
  const fields = { code, name, kind, parentId, ancestors, managerId, closedOn, version };
  try {
    const result = await model.updateOne({ _id: id, ...(before ? { version: op({ $lt: unit.version }) } : {}) }, { $set: fields }, { upsert: !before });
    if (result.matchedCount === 0 && result.upsertedCount === 0) return false;
  } catch (error) {
    // two deliveries raced to insert the same unit; the other one won
    if ((error as { code?: number }).code === 11000) return false;
    throw error;
  }
  if (before && before.ancestors.join('/') !== ancestors.join('/')) await rebaseDescendants(model, { id, ancestors });
  return true;
}

/** After a move: the descendants' ancestors follow the moved unit's new path (hr and projections alike). */
export async function rebaseDescendants(model: Model<OrgUnitDoc>, moved: Pick<OrgUnitSnapshot, 'id' | 'ancestors'>): Promise<void> {
  const descendants = await model.find({ ancestors: moved.id }, { ancestors: 1 }).lean<Array<Pick<OrgUnitDoc, '_id' | 'ancestors'>>>();
  const prefix = [...moved.ancestors, moved.id];
  for (const d of descendants) {
    const below = d.ancestors.slice(d.ancestors.indexOf(moved.id) + 1);
    await model.updateOne({ _id: d._id }, { $set: { ancestors: [...prefix, ...below] } });
  }
}

/** The subscription that keeps a service's org projection: add it to one of its consumers. */
export function orgProjectionSubscription(model: Model<OrgUnitDoc>, onChange?: (unit: OrgUnitSnapshot, event: EventEnvelope) => Promise<void>): Subscription {
  const handler = async (event: EventEnvelope) => {
    const unit = event.data as unknown as OrgUnitSnapshot;
    const changed = await applyOrgUnitSnapshot(model, unit);
    if (changed && onChange) await onChange(unit, event);
  };
  return { topic: ORG_UNIT_TOPIC, handlers: Object.fromEntries(ORG_UNIT_EVENTS.map((type) => [type, handler])) };
}
