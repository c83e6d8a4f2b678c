import { Schema, type Connection, type Model } from 'mongoose';
import { orgProjectionModel, outboxPlugin, type OrgUnitDoc, type WithOutbox } from '@performa/platform';

export const PERSPECTIVES = ['RESIDENTS', 'EMPLOYEES', 'ECONOMY', 'DEVELOPMENT'] as const;
export type Perspective = (typeof PERSPECTIVES)[number];
export const GOAL_STATUSES = ['ON_TRACK', 'AT_RISK', 'OFF_TRACK', 'NOT_MEASURED'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];
export const ACTIVITY_STATUSES = ['PLANNED', 'IN_PROGRESS', 'DONE', 'DELAYED', 'CANCELLED'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

export interface VisionRecord {
  _id: string;
  text: string;
  updatedBy: string;
}

export interface TermRecord {
  _id: string;
  startYear: number;
  endYear: number;
}

export interface GoalRecord extends WithOutbox {
  _id: string;
  title: string;
  description: string | null;
  perspective: Perspective;
  termId: string;
  ownerId: string;
  parentId: string | null;
  archived: boolean;
  status: GoalStatus;
  /** the version of the last goal-fulfilment event applied, so a late one is ignored */
  statusVersion: number;
  version: number;
}

export interface ActivityRecord extends WithOutbox {
  _id: string;
  title: string;
  goalId: string;
  ownerId: string;
  dueDate: string | null;
  status: ActivityStatus;
  comment: string | null;
  version: number;
}

export interface StrategyModels {
  Vision: Model<VisionRecord>;
  Term: Model<TermRecord>;
  Goal: Model<GoalRecord>;
  Activity: Model<ActivityRecord>;
  OrgUnit: Model<OrgUnitDoc>;
}

export function registerModels(connection: Connection): StrategyModels {
  const vision = new Schema<VisionRecord>({ _id: String, text: { type: String, required: true }, updatedBy: String }, { versionKey: false, timestamps: true });
  const term = new Schema<TermRecord>({ _id: String, startYear: { type: Number, required: true }, endYear: { type: Number, required: true } }, { versionKey: false });
  term.index({ startYear: 1 }, { unique: true });

  const goal = new Schema<GoalRecord>(
    {
      _id: String,
      title: { type: String, required: true },
      description: { type: String, default: null },
      perspective: { type: String, enum: PERSPECTIVES, required: true },
      termId: { type: String, required: true },
      ownerId: { type: String, required: true },
      parentId: { type: String, default: null },
      archived: { type: Boolean, default: false },
      status: { type: String, enum: GOAL_STATUSES, default: 'NOT_MEASURED' },
      statusVersion: { type: Number, default: 0 },
      version: { type: Number, required: true },
    },
    { versionKey: false, timestamps: true },
  );
  goal.plugin(outboxPlugin);
  goal.index({ ownerId: 1, termId: 1 });
  goal.index({ parentId: 1 });

  const activity = new Schema<ActivityRecord>(
    {
      _id: String,
      title: { type: String, required: true },
      goalId: { type: String, required: true },
      ownerId: { type: String, required: true },
      dueDate: { type: String, default: null },
      status: { type: String, enum: ACTIVITY_STATUSES, default: 'PLANNED' },
      comment: { type: String, default: null },
      version: { type: Number, required: true },
    },
    { versionKey: false, timestamps: true },
  );
  activity.plugin(outboxPlugin);
  activity.index({ goalId: 1 });

  return {
    Vision: connection.model<VisionRecord>('Vision', vision, 'vision'),
    Term: connection.model<TermRecord>('Term', term, 'terms'),
    Goal: connection.model<GoalRecord>('Goal', goal, 'goals'),
    Activity: connection.model<ActivityRecord>('Activity', activity, 'activities'),
    OrgUnit: orgProjectionModel(connection),
  };
}
