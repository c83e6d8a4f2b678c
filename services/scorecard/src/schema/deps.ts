import DataLoader from 'dataloader';
import { op, perRequest, type EventFactory, type OrgDirectory, type OrgUnitSnapshot, type OutboxRelay, type RequestContext } from '@performa/platform';
import type { MeasurementStore } from '../store/measurement.store';
import type { IndicatorRecord, ScorecardModels } from '../store/models';

export interface ScorecardDeps {
  models: ScorecardModels;
  org: OrgDirectory;
  measurements: MeasurementStore;
  events: EventFactory;
  relay: () => OutboxRelay;
}

export type ScorecardContext = RequestContext<ScorecardDeps>;

export { originOf as origin } from '@performa/platform';

export const loaders = perRequest((ctx: ScorecardContext) => ({
  orgUnit: new DataLoader<string, OrgUnitSnapshot | null>((ids) => ctx.deps.org.getMany(ids)),
  indicator: new DataLoader<string, IndicatorRecord | null>(async (ids) => {
    const docs = await ctx.deps.models.Indicator.find({ _id: op({ $in: [...ids] }) }).lean<IndicatorRecord[]>();
    const byId = new Map(docs.map((d) => [d._id, d]));
    return ids.map((id) => byId.get(id) ?? null);
  }),
}));

export const toIndicator = (i: IndicatorRecord) => ({ ...i, id: i._id });
