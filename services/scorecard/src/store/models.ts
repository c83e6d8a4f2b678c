import { Schema, type Connection, type Model } from 'mongoose';
import { goalProjectionModel, orgProjectionModel, outboxPlugin, type GoalProjection, type OrgUnitDoc, type WithOutbox } from '@performa/platform';
import type { Direction, GoalStatus, Light } from '../domain/lights';

export const SOURCES = ['MANUAL', 'HR_SICK_LEAVE_RATE', 'HR_HEADCOUNT', 'HR_TURNOVER_RATE', 'HR_AGREEMENT_COVERAGE', 'FINANCE_DEVIATION_PERCENT', 'FINANCE_FORECAST_DEVIATION_PERCENT'] as const;
export type Source = (typeof SOURCES)[number];

export interface IndicatorRecord extends Partial<WithOutbox> {
  _id: string;
  name: string;
  unitOfMeasure: string | null;
  ownerId: string;
  goalId: string | null;
  source: Source;
  direction: Direction;
  target: number;
  warningThreshold: number | null;
  /** the month of its latest measurement and that measurement's light (null: none yet; absent: recorded before they were kept) */
  latestMonth?: string | null;
  latestLight?: Light | null;
}

export interface MeasurementRecord extends WithOutbox {
  _id: string;
  indicatorId: string;
  ownerId: string;
  goalId: string | null;
  month: string;
  value: number;
  light: Light;
  comment: string | null;
  /** for fed indicators: the version of the source figure, so an older one never overwrites a newer */
  sourceVersion: number;
  version: number;
}

export interface FulfilmentRecord extends WithOutbox {
  _id: string;
  status: GoalStatus;
  version: number;
}

export interface CommentRecord {
  _id: string;
  unitId: string;
  month: string;
  text: string;
  by: string;
}

export interface ScorecardModels {
  Indicator: Model<IndicatorRecord>;
  Measurement: Model<MeasurementRecord>;
  Goal: Model<GoalProjection>;
  Fulfilment: Model<FulfilmentRecord>;
  Comment: Model<CommentRecord>;
  OrgUnit: Model<OrgUnitDoc>;
}

export function registerModels(connection: Connection): ScorecardModels {
  const indicator = new Schema<IndicatorRecord>(
    {
      _id: String,
      name: { type: String, required: true },
      unitOfMeasure: { type: String, default: null },
      ownerId: { type: String, required: true },
      goalId: { type: String, default: null },
      source: { type: String, enum: SOURCES, required: true },
      direction: { type: String, enum: ['HIGHER_IS_BETTER', 'LOWER_IS_BETTER'], required: true },
      target: { type: Number, required: true },
      warningThreshold: { type: Number, default: null },
      latestMonth: { type: String, default: null },
      latestLight: { type: String, default: null },
    },
    { versionKey: false, timestamps: true },
  );
  indicator.plugin(outboxPlugin);
  indicator.index({ ownerId: 1 });
  indicator.index({ goalId: 1 });

  const measurement = new Schema<MeasurementRecord>(
    { _id: String, indicatorId: String, ownerId: String, goalId: { type: String, default: null }, month: String, value: Number, light: String, comment: { type: String, default: null }, sourceVersion: { type: Number, default: 0 }, version: Number },
    { versionKey: false, timestamps: true },
  );
  measurement.plugin(outboxPlugin);
  measurement.index({ indicatorId: 1, month: 1 });
  measurement.index({ ownerId: 1, month: 1 });

  const fulfilment = new Schema<FulfilmentRecord>({ _id: String, status: String, version: Number }, { versionKey: false });
  fulfilment.plugin(outboxPlugin);
  const comment = new Schema<CommentRecord>({ _id: String, unitId: String, month: String, text: String, by: String }, { versionKey: false, timestamps: true });

  return {
    Indicator: connection.model<IndicatorRecord>('Indicator', indicator, 'indicators'),
    Measurement: connection.model<MeasurementRecord>('Measurement', measurement, 'measurements'),
    Goal: goalProjectionModel(connection),
    Fulfilment: connection.model<FulfilmentRecord>('Fulfilment', fulfilment, 'goal_fulfilment'),
    Comment: connection.model<CommentRecord>('Comment', comment, 'comments'),
    OrgUnit: orgProjectionModel(connection),
  };
}
