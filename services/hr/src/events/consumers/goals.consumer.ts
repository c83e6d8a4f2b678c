import { op, type ConsumerSpec, type EventEnvelope } from '@performa/platform';
import type { AgreementStore } from '../../store/agreement.store';
import type { HrModels } from '../../store/models';
import { GOAL_TOPIC } from '../published';

interface GoalSnapshot {
  id: string;
  title: string;
  ownerId: string;
  termId: string;
  archived: boolean;
  version: number;
}

/**
 * hr's projection of strategy's goals (what agreements may cite); an archived goal flags the
 * agreements that cite it for review. A newer version wins, so replays change nothing.
 */
export function goalsConsumer(deps: { models: HrModels; agreements: AgreementStore }): ConsumerSpec {
  const apply = async (event: EventEnvelope) => {
    const g = event.data as unknown as GoalSnapshot;
    try {
      await deps.models.Goal.updateOne({ _id: g.id, version: op({ $lt: g.version }) }, { $set: { title: g.title, ownerId: g.ownerId, termId: g.termId, archived: g.archived, version: g.version } }, { upsert: true });
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error; // a newer version is already there
    }
    if (g.archived) await deps.agreements.flagForReview(g.id);
  };
  return {
    group: 'hr.goals',
    subscriptions: [{ topic: GOAL_TOPIC, handlers: { 'strategy.GoalCreated': apply, 'strategy.GoalChanged': apply, 'strategy.GoalArchived': apply } }],
  };
}
