import { Schema, type Connection, type Model } from 'mongoose';
import { op } from '../store/mongo';
import type { EventEnvelope } from '../events/envelope';
import type { Subscription } from '../events/consumer';

/** strategy's goals as other services keep them: what agreements cite, indicators measure, managers own. */
export interface GoalProjection {
  _id: string;
  title: string;
  ownerId: string;
  termId: string;
  archived: boolean;
  /** strategy's version: a snapshot is applied only if it is newer */
  version: number;
}

/** Events on strategy.goal.v1; each carries the goal's whole snapshot. */
export const GOAL_TOPIC = 'strategy.goal.v1';
export const GOAL_EVENTS = ['strategy.GoalCreated', 'strategy.GoalChanged', 'strategy.GoalArchived'] as const;

/** The projection's collection (`goals`) in a consuming service's own database. */
export function goalProjectionModel(connection: Connection): Model<GoalProjection> {
  return (
    (connection.models.GoalProjection as Model<GoalProjection> | undefined) ??
    connection.model<GoalProjection>('GoalProjection', new Schema<GoalProjection>({ _id: String, title: String, ownerId: String, termId: String, archived: Boolean, version: Number }, { versionKey: false }), 'goals')
  );
}

/** Applies a goal snapshot if it is newer than the stored one: a replay or a late event changes nothing. */
export async function applyGoalSnapshot(model: Model<GoalProjection>, g: Omit<GoalProjection, '_id'> & { id: string }): Promise<void> {
  try {
    await model.updateOne({ _id: g.id, version: op({ $lt: g.version }) }, { $set: { title: g.title, ownerId: g.ownerId, termId: g.termId, archived: g.archived, version: g.version } }, { upsert: true });
  } catch (error) {
    // the filter missed because a newer version is stored, and the upsert then hit its _id
    if ((error as { code?: number }).code !== 11000) throw error;
  }
}

/** The subscription that keeps a service's goal projection; `onChange` runs after each applied snapshot. */
export function goalProjectionSubscription(model: Model<GoalProjection>, onChange?: (goal: GoalProjection) => Promise<void>): Subscription {
  const handler = async (event: EventEnvelope) => {
    const g = event.data as unknown as Omit<GoalProjection, '_id'> & { id: string };
    await applyGoalSnapshot(model, g);
    if (onChange) await onChange({ _id: g.id, title: g.title, ownerId: g.ownerId, termId: g.termId, archived: g.archived, version: g.version });
  };
  return { topic: GOAL_TOPIC, handlers: Object.fromEntries(GOAL_EVENTS.map((type) => [type, handler])) };
}
