import DataLoader from 'dataloader';
import { perRequest, type OrgDirectory, type OrgUnitSnapshot, type OutboxRelay, type RequestContext } from '@performa/platform';
import type { ActivityStore } from '../store/activity.store';
import type { GoalStore } from '../store/goal.store';
import type { GoalRecord } from '../store/models';
import type { TermStore } from '../store/term.store';

export interface StrategyDeps {
  goals: GoalStore;
  activities: ActivityStore;
  terms: TermStore;
  org: OrgDirectory;
  relay: () => OutboxRelay;
  now: () => Date;
}

export type StrategyContext = RequestContext<StrategyDeps>;

export { originOf as origin } from '@performa/platform';

/** Per-request batching: every goal or org unit a request touches is read once, in one query. */
export const loaders = perRequest((ctx: StrategyContext) => ({
  goal: new DataLoader<string, GoalRecord | null>((ids) => ctx.deps.goals.getMany(ids)),
  orgUnit: new DataLoader<string, OrgUnitSnapshot | null>((ids) => ctx.deps.org.getMany(ids)),
}));
