import { newWithEvents, op, withEvents, type EventFactory, type OutboxEntry } from '@performa/platform';
import { goalFulfilment, lightOf, type Light } from '../domain/lights';
import { TOPICS } from '../events/published';
import type { FulfilmentRecord, IndicatorRecord, MeasurementRecord, ScorecardModels } from './models';

export interface Origin {
  tenant: string;
  actor: string;
}

const measurementId = (indicatorId: string, month: string) => `${indicatorId}:${month}`;

/**
 * Measurements and what follows from them: a light change is announced with the write that causes
 * it (outbox), and the goal's fulfilment is derived again from its indicators' latest lights.
 */
export class MeasurementStore {
  constructor(
    private readonly models: ScorecardModels,
    private readonly events: EventFactory,
  ) {}

  get(indicatorId: string, month: string): Promise<MeasurementRecord | null> {
    return this.models.Measurement.findById(measurementId(indicatorId, month), { outbox: 0 }).lean<MeasurementRecord>();
  }

  /** Measurements of many indicators for the given months, keyed "indicator:month". */
  async forMonths(indicatorIds: string[], months: string[]): Promise<Map<string, MeasurementRecord>> {
    const docs = await this.models.Measurement.find({ indicatorId: op({ $in: indicatorIds }), month: op({ $in: months }) }, { outbox: 0 }).lean<MeasurementRecord[]>();
    return new Map(docs.map((d) => [d._id, d]));
  }

  range(indicatorId: string, from?: string, to?: string): Promise<MeasurementRecord[]> {
    const month: Record<string, string> = {};
    if (from) month.$gte = from;
    if (to) month.$lte = to;
    return this.models.Measurement.find({ indicatorId, ...(from || to ? { month: op(month) } : {}) }, { outbox: 0 }).sort({ month: 1 }).limit(600).lean<MeasurementRecord[]>();
  }

  /**
   * Records a value for an indicator and month. With `sourceVersion` (a fed indicator) the write
   * happens only if that version is newer than the stored one: a redelivered or late event changes
   * nothing. Returns whether anything changed.
   */
  async record(indicator: IndicatorRecord, month: string, value: number, comment: string | null, origin: Origin, sourceVersion = 0): Promise<boolean> {
    const id = measurementId(indicator._id, month);
    const light = lightOf(value, indicator);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const current = await this.get(indicator._id, month);
      if (current && sourceVersion > 0 && current.sourceVersion >= sourceVersion) return false;
      if (current && current.value === value && current.comment === comment && current.light === light && sourceVersion === 0) return false;
      const previousLight: Light = current?.light ?? 'NO_DATA';
      const version = (current?.version ?? 0) + 1;
      const entries: OutboxEntry[] = [];
      // a manual value is news by itself (an owner reported); fed values only when the light moves
      if (indicator.source === 'MANUAL' && light !== 'NO_DATA') {
        entries.push(this.events.entry({ topic: TOPICS.indicator, type: 'scorecard.MeasurementRecorded', subject: indicator._id, data: { indicatorId: indicator._id, unitId: indicator.ownerId, month, value, light, version } }, origin));
      }
      if (previousLight !== light) {
        entries.push(
          this.events.entry(
            { topic: TOPICS.indicator, type: 'scorecard.IndicatorLightChanged', subject: indicator._id, data: { indicatorId: indicator._id, unitId: indicator.ownerId, goalId: indicator.goalId, month, previousLight, light, value, version } },
            origin,
          ),
        );
      }
      const fields = { indicatorId: indicator._id, ownerId: indicator.ownerId, goalId: indicator.goalId, month, value, light, comment, sourceVersion, version };
      try {
        if (!current) {
          await this.models.Measurement.create({ _id: id, ...fields, ...newWithEvents(entries) });
        } else {
          const updated = await this.models.Measurement.updateOne({ _id: id, version: current.version }, withEvents<MeasurementRecord>({ $set: fields }, entries));
          if (updated.modifiedCount !== 1) continue;
        }
      } catch (error) {
        if ((error as { code?: number }).code === 11000) continue;
        throw error;
      }
      await this.noteLatest(indicator._id, month, light);
      if (indicator.goalId && previousLight !== light) await this.refreshFulfilment(indicator.goalId, month, origin);
      return true;
    }
    throw new Error(`could not record ${id}: too many concurrent writes`);
  }

  /**
   * Keeps the indicator's latest month and light on the indicator, so a goal's fulfilment reads its
   * indicators and no measurements (on FerretDB, each such read scans every measurement). A value
   * for an earlier month leaves them as they are.
   */
  private async noteLatest(indicatorId: string, month: string, light: Light): Promise<void> {
    await this.models.Indicator.updateOne(
      { _id: indicatorId, $or: [{ latestMonth: null }, { latestMonth: op({ $lte: month }) }] },
      { $set: { latestMonth: month, latestLight: light } },
      // a measurement is not a change of the indicator's definition
      { timestamps: false },
    );
  }

  /** The goal's fulfilment from each of its indicators' latest light; published when it changes. */
  async refreshFulfilment(goalId: string, month: string, origin: Origin): Promise<void> {
    const indicators = await this.models.Indicator.find({ goalId }, { latestMonth: 1, latestLight: 1 }).lean<Array<Pick<IndicatorRecord, '_id' | 'latestMonth' | 'latestLight'>>>();
    const lights: Light[] = [];
    for (const i of indicators) {
      if (i.latestMonth !== undefined) {
        lights.push(i.latestLight ?? 'NO_DATA');
        continue;
      }
      // measured before indicators kept their latest light: ask the measurements
      const latest = await this.models.Measurement.findOne({ indicatorId: i._id }, { light: 1 }).sort({ month: -1 }).lean();
      lights.push(latest?.light ?? 'NO_DATA');
    }
    const status = goalFulfilment(lights);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const current = await this.models.Fulfilment.findById(goalId, { outbox: 0 }).lean<FulfilmentRecord>();
      const previousStatus = current?.status ?? 'NOT_MEASURED';
      if (current ? current.status === status : status === 'NOT_MEASURED') return;
      const version = (current?.version ?? 0) + 1;
      const entry = this.events.entry({ topic: TOPICS.fulfilment, type: 'scorecard.GoalFulfilmentChanged', subject: goalId, data: { goalId, status, previousStatus, month, version } }, origin);
      try {
        if (!current) await this.models.Fulfilment.create({ _id: goalId, status, version, ...newWithEvents([entry]) });
        else if ((await this.models.Fulfilment.updateOne({ _id: goalId, version: current.version }, withEvents<FulfilmentRecord>({ $set: { status, version } }, [entry]))).modifiedCount !== 1) continue;
        return;
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error;
      }
    }
  }
}
