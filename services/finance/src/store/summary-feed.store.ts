import { Schema, type Connection, type Model } from 'mongoose';
import { newWithEvents, op, outboxPlugin, withEvents, type EventFactory, type OrgDirectory, type WithOutbox } from '@performa/platform';
import { percentOf, summarize, type AccountKind } from '../domain/summary';
import { TOPICS } from '../events/published';
import type { FinanceModels } from './models';
import type { RollupStore } from './rollup.store';

interface FeedRecord extends WithOutbox {
  _id: string;
  unitId: string;
  month: string;
  budgetToDateOre: number;
  actualToDateOre: number;
  deviationPercent: number;
  forecastYearEndOre: number | null;
  forecastDeviationPercent: number | null;
  version: number;
}

export function feedModel(connection: Connection): Model<FeedRecord> {
  const schema = new Schema<FeedRecord>(
    { _id: String, unitId: String, month: String, budgetToDateOre: Number, actualToDateOre: Number, deviationPercent: Number, forecastYearEndOre: { type: Number, default: null }, forecastDeviationPercent: { type: Number, default: null }, version: Number },
    { versionKey: false },
  );
  schema.plugin(outboxPlugin);
  return connection.model<FeedRecord>('SummaryFeed', schema, 'summary_feed');
}

/**
 * The figures other domains are fed from: a unit's rolled-up deviation and forecast deviation for
 * a month, published as finance.FinancialSummaryChanged when they change (versioned per unit and
 * month, so a consumer keeps the newest). Fed by finance's own events, off the request path.
 */
export class SummaryFeed {
  constructor(
    private readonly models: FinanceModels,
    readonly feed: Model<FeedRecord>,
    private readonly rollups: RollupStore,
    private readonly org: OrgDirectory,
    private readonly events: EventFactory,
  ) {}

  /** The units and every ancestor of theirs. */
  async chains(unitIds: readonly string[]): Promise<string[]> {
    const units = await this.org.getMany(unitIds);
    return [...new Set(units.flatMap((u) => (u ? [...u.ancestors, u.id] : [])))];
  }

  async publish(unitIds: readonly string[], months: readonly string[], origin: { tenant: string; actor: string }): Promise<number> {
    const accounts = await this.models.Account.find().lean();
    const kinds = new Map<string, AccountKind>(accounts.map((a) => [a._id, a.kind]));
    let published = 0;
    for (const unitId of unitIds) {
      for (const month of [...new Set(months)]) {
        const s = summarize(await this.rollups.get(unitId, Number(month.slice(0, 4))), kinds, Number(month.slice(5, 7)));
        const values = {
          budgetToDateOre: s.budgetToDate,
          actualToDateOre: s.actualToDate,
          deviationPercent: s.deviationPercent,
          forecastYearEndOre: s.forecastYearEnd,
          forecastDeviationPercent: s.forecastYearEnd === null ? null : percentOf(s.budgetYear - s.forecastYearEnd, s.budgetYear),
        };
        if (await this.write(unitId, month, values, origin)) published += 1;
      }
    }
    return published;
  }

  private async write(unitId: string, month: string, values: Omit<FeedRecord, '_id' | 'unitId' | 'month' | 'version' | keyof WithOutbox>, origin: { tenant: string; actor: string }): Promise<boolean> {
    const id = `${unitId}:${month}`;
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const current = await this.feed.findById(id, { outbox: 0 }).lean<FeedRecord>();
      if (current && (Object.keys(values) as Array<keyof typeof values>).every((k) => current[k] === values[k])) return false;
      const version = (current?.version ?? 0) + 1;
      const entry = this.events.entry(
        { topic: TOPICS.summary, type: 'finance.FinancialSummaryChanged', subject: unitId, data: { unitId, year: Number(month.slice(0, 4)), month, ...values, version } },
        origin,
      );
      try {
        if (!current) {
          await this.feed.create({ _id: id, unitId, month, ...values, version, ...newWithEvents([entry]) });
          return true;
        }
        const updated = await this.feed.updateOne({ _id: id, version: op({ $eq: current.version }) }, withEvents<FeedRecord>({ $set: { ...values, version } }, [entry]));
        if (updated.modifiedCount === 1) return true;
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
      }
    }
    throw new Error(`could not record the finance feed for ${id}`);
  }

  /** The months of a year that have actuals in the unit's roll-up: where a budget change shows. */
  async monthsWithActuals(unitId: string, year: number): Promise<string[]> {
    const rollup = await this.rollups.get(unitId, year);
    return Object.keys(rollup.actual).map((key) => `${year}-${key.slice(1)}`);
  }
}
