import { Schema, type Connection, type Model } from 'mongoose';
import { orgProjectionModel, outboxPlugin, type OrgUnitDoc, type WithOutbox } from '@performa/platform';
import type { AccountKind, YearRollup } from '../domain/summary';

export interface AccountRecord {
  _id: string;
  name: string;
  kind: AccountKind;
}

export interface BudgetLine {
  accountCode: string;
  /** twelve amounts in öre, January first */
  monthly: number[];
}

export interface BudgetRecord extends WithOutbox {
  _id: string;
  unitId: string;
  year: number;
  lines: BudgetLine[];
  status: 'DRAFT' | 'APPROVED';
  version: number;
}

export interface BatchRecord extends WithOutbox {
  _id: string;
  /** sha-256 of the entries: the same id with other entries is a different batch (CONFLICT) */
  hash: string;
  status: 'PENDING' | 'APPLIED';
  /** while PENDING: until when the request applying it holds it; after that another may resume */
  leaseUntil: Date;
  entryCount: number;
  months: string[];
  createdAt: Date;
}

/** A batch's entries summed per unit, account and month; the id makes a resumed write idempotent. */
export interface ActualLineRecord {
  _id: string;
  batchId: string;
  unitId: string;
  accountCode: string;
  month: string;
  amountOre: number;
}

export interface ForecastRecord extends WithOutbox {
  _id: string;
  unitId: string;
  year: number;
  month: string;
  yearEndOre: number;
  comment: string | null;
  submittedBy: string;
  submittedAt: Date;
}

/** A unit's year rolled up over its subtree: what OrgUnit.finance reads, one document per answer. */
export interface RollupRecord extends YearRollup {
  _id: string;
  unitId: string;
  year: number;
}

export interface FinanceModels {
  Account: Model<AccountRecord>;
  Budget: Model<BudgetRecord>;
  Batch: Model<BatchRecord>;
  /** the ledger lines of one month, in a collection of their own (see linesOf) */
  linesOf(month: string): Model<ActualLineRecord>;
  Forecast: Model<ForecastRecord>;
  Rollup: Model<RollupRecord>;
  OrgUnit: Model<OrgUnitDoc>;
}

export function registerModels(connection: Connection): FinanceModels {
  const account = new Schema<AccountRecord>({ _id: String, name: { type: String, required: true }, kind: { type: String, enum: ['COST', 'REVENUE'], required: true } }, { versionKey: false });

  const budget = new Schema<BudgetRecord>(
    {
      _id: String,
      unitId: { type: String, required: true },
      year: { type: Number, required: true },
      lines: { type: [new Schema<BudgetLine>({ accountCode: String, monthly: [Number] }, { _id: false })], default: [] },
      status: { type: String, enum: ['DRAFT', 'APPROVED'], default: 'DRAFT' },
      version: { type: Number, required: true },
    },
    { versionKey: false, timestamps: true },
  );
  budget.plugin(outboxPlugin);
  budget.index({ year: 1, unitId: 1 });

  const batch = new Schema<BatchRecord>(
    { _id: String, hash: String, status: { type: String, enum: ['PENDING', 'APPLIED'] }, leaseUntil: Date, entryCount: Number, months: [String], createdAt: Date },
    { versionKey: false },
  );
  batch.plugin(outboxPlugin);
  batch.index({ months: 1, status: 1 });

  const line = new Schema<ActualLineRecord>(
    { _id: String, batchId: String, unitId: String, accountCode: String, month: String, amountOre: Number },
    { versionKey: false },
  );
  const lineModels = new Map<string, Model<ActualLineRecord>>();
  // One collection per month: FerretDB 1.24 on SQLite pushes no filter down but _id, so a month's
  // roll-up would otherwise scan every line of every month (6 s for eight months of 24 000 lines).
  const linesOf = (month: string) => {
    let model = lineModels.get(month);
    if (!model) {
      const name = `actual_lines_${month.replace('-', '_')}`;
      model = (connection.models[name] as Model<ActualLineRecord> | undefined) ?? connection.model<ActualLineRecord>(name, line, name);
      lineModels.set(month, model);
    }
    return model;
  };

  const forecast = new Schema<ForecastRecord>(
    { _id: String, unitId: String, year: Number, month: String, yearEndOre: Number, comment: { type: String, default: null }, submittedBy: String, submittedAt: Date },
    { versionKey: false },
  );
  forecast.plugin(outboxPlugin);
  forecast.index({ year: 1, unitId: 1 });

  const rollup = new Schema<RollupRecord>(
    { _id: String, unitId: String, year: Number, budget: { type: Object, default: {} }, actual: { type: Object, default: {} }, forecast: { type: Object, default: {} } },
    { versionKey: false, minimize: false },
  );

  return {
    Account: connection.model<AccountRecord>('Account', account, 'accounts'),
    Budget: connection.model<BudgetRecord>('Budget', budget, 'budgets'),
    Batch: connection.model<BatchRecord>('Batch', batch, 'actual_batches'),
    linesOf,
    Forecast: connection.model<ForecastRecord>('Forecast', forecast, 'forecasts'),
    Rollup: connection.model<RollupRecord>('Rollup', rollup, 'rollups'),
    OrgUnit: orgProjectionModel(connection),
  };
}
