import { randomUUID } from 'node:crypto';
import { ConflictError, newWithEvents, withEvents, type EventFactory } from '@performa/platform';
import { activityStatusEvent } from '../events/published';
import type { Origin } from './goal.store';
import type { ActivityRecord, ActivityStatus, StrategyModels } from './models';

export class ActivityStore {
  constructor(
    private readonly models: StrategyModels,
    private readonly events: EventFactory,
  ) {}

  get(id: string): Promise<ActivityRecord | null> {
    return this.models.Activity.findById(id).lean<ActivityRecord>();
  }

  forGoal(goalId: string): Promise<ActivityRecord[]> {
    return this.models.Activity.find({ goalId }).sort({ dueDate: 1, title: 1 }).limit(1_000).lean<ActivityRecord[]>();
  }

  async create(input: { title: string; goalId: string; ownerId: string; dueDate: string | null }, origin: Origin): Promise<ActivityRecord> {
    const activity: ActivityRecord = { _id: randomUUID(), ...input, status: 'PLANNED', comment: null, version: 1, outbox: [], outboxPending: false, outboxSeq: 0 };
    const entry = this.events.entry(activityStatusEvent({ activityId: activity._id, goalId: input.goalId, ownerId: input.ownerId, previousStatus: null, status: 'PLANNED', version: 1 }), origin);
    await this.models.Activity.create({ ...activity, ...newWithEvents([entry]) });
    return activity;
  }

  /** Status and comment in one write; the event only when the status really changes. */
  async update(activity: ActivityRecord, change: { status?: ActivityStatus; comment?: string | null }, origin: Origin): Promise<ActivityRecord> {
    const version = activity.version + 1;
    const statusChanged = change.status !== undefined && change.status !== activity.status;
    const entries = statusChanged
      ? [this.events.entry(activityStatusEvent({ activityId: activity._id, goalId: activity.goalId, ownerId: activity.ownerId, previousStatus: activity.status, status: change.status as ActivityStatus, version }), origin)]
      : [];
    const updated = await this.models.Activity.findOneAndUpdate({ _id: activity._id, version: activity.version }, withEvents<ActivityRecord>({ $set: { ...change, version } }, entries), { new: true }).lean<ActivityRecord>();
    if (!updated) throw new ConflictError('This activity was changed by someone else just now; reload and try again.');
    return updated;
  }
}
