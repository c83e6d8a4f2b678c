import { Schema, type Connection, type Model } from 'mongoose';
import { goalProjectionModel, orgUnitFields, outboxPlugin, type GoalProjection, type OrgUnitDoc, type WithOutbox } from '@performa/platform';
import type { Placement, SickSpell } from '../domain/hr-metrics';

export type OrgUnitRecord = OrgUnitDoc & WithOutbox;

export interface EmployeeRecord extends WithOutbox {
  _id: string;
  firstName: string;
  lastName: string;
  email: string;
  title: string | null;
  fte: number;
  startDate: string;
  endDate: string | null;
  /** the current (or last) unit; placements hold the history */
  unitId: string;
  placements: Placement[];
  sickLeave: SickSpell[];
  version: number;
}

/** The last published HR metrics of a unit and month; a change publishes hr.HrMetricsChanged. */
export interface HrMetricsRecord extends WithOutbox {
  _id: string;
  unitId: string;
  month: string;
  headcount: number;
  fte: number;
  sickLeaveRate: number;
  turnoverRate: number;
  agreementCoverage: number;
  version: number;
}

export type AgreementStatus = 'DRAFT' | 'SIGNED_BY_EMPLOYEE' | 'SIGNED';

export interface AgreementRecord extends WithOutbox {
  /** `${employeeId}_${year}`: one agreement per employee and year */
  _id: string;
  employeeId: string;
  /** the employee's unit when drafted */
  unitId: string;
  year: number;
  status: AgreementStatus;
  contributions: Array<{ goalId: string; description: string }>;
  /** set when a cited goal is archived; the signatures stay as they are */
  needsReview: boolean;
  signedByEmployeeAt: Date | null;
  signedByManager: string | null;
  signedByManagerAt: Date | null;
  version: number;
}

/** hr's projection of strategy's goals: what an agreement may cite. */
/** hr's projection of strategy's goals (platform's goal projection) */
export type GoalRecord = GoalProjection;

export interface HrModels {
  OrgUnit: Model<OrgUnitRecord>;
  Employee: Model<EmployeeRecord>;
  HrMetrics: Model<HrMetricsRecord>;
  Agreement: Model<AgreementRecord>;
  Goal: Model<GoalRecord>;
}

export function registerModels(connection: Connection): HrModels {
  const orgUnit = new Schema<OrgUnitRecord>(orgUnitFields, { versionKey: false, timestamps: true });
  orgUnit.plugin(outboxPlugin);
  orgUnit.index({ code: 1 }, { unique: true });
  orgUnit.index({ parentId: 1 });
  orgUnit.index({ ancestors: 1 });

  const placement = new Schema<Placement>({ unitId: { type: String, required: true }, from: { type: String, required: true }, to: { type: String, default: null } }, { _id: false });
  const spell = new Schema<SickSpell>({ from: { type: String, required: true }, to: { type: String, required: true }, percent: { type: Number, required: true } }, { _id: false });
  const employee = new Schema<EmployeeRecord>(
    {
      _id: { type: String, required: true },
      firstName: { type: String, required: true },
      lastName: { type: String, required: true },
      email: { type: String, required: true },
      title: { type: String, default: null },
      fte: { type: Number, required: true },
      startDate: { type: String, required: true },
      endDate: { type: String, default: null },
      unitId: { type: String, required: true },
      placements: { type: [placement], default: [] },
      sickLeave: { type: [spell], default: [] },
      version: { type: Number, required: true, default: 1 },
    },
    { versionKey: false, timestamps: true },
  );
  employee.plugin(outboxPlugin);
  employee.index({ email: 1 }, { unique: true });
  employee.index({ unitId: 1, lastName: 1 });
  employee.index({ 'placements.unitId': 1 });

  const metrics = new Schema<HrMetricsRecord>(
    {
      _id: { type: String, required: true },
      unitId: { type: String, required: true },
      month: { type: String, required: true },
      headcount: Number,
      fte: Number,
      sickLeaveRate: Number,
      turnoverRate: Number,
      agreementCoverage: Number,
      version: { type: Number, required: true },
    },
    { versionKey: false },
  );
  metrics.plugin(outboxPlugin);
  // the metrics consumer reads a batch's units' records at once
  metrics.index({ unitId: 1 });

  const agreement = new Schema<AgreementRecord>(
    {
      _id: String,
      employeeId: { type: String, required: true },
      unitId: { type: String, required: true },
      year: { type: Number, required: true },
      status: { type: String, enum: ['DRAFT', 'SIGNED_BY_EMPLOYEE', 'SIGNED'], required: true },
      contributions: { type: [new Schema({ goalId: String, description: String }, { _id: false })], default: [] },
      needsReview: { type: Boolean, default: false },
      signedByEmployeeAt: { type: Date, default: null },
      signedByManager: { type: String, default: null },
      signedByManagerAt: { type: Date, default: null },
      version: { type: Number, required: true },
    },
    { versionKey: false, timestamps: true },
  );
  agreement.plugin(outboxPlugin);
  agreement.index({ year: 1, status: 1 });
  agreement.index({ 'contributions.goalId': 1 });

  return {
    Agreement: connection.model<AgreementRecord>('Agreement', agreement, 'agreements'),
    Goal: goalProjectionModel(connection),
    OrgUnit: connection.model<OrgUnitRecord>('OrgUnit', orgUnit, 'org_units'),
    Employee: connection.model<EmployeeRecord>('Employee', employee, 'employees'),
    HrMetrics: connection.model<HrMetricsRecord>('HrMetrics', metrics, 'hr_metrics'),
  };
}
