import { orgProjectionSubscription, type ConsumerSpec } from '@performa/platform';
import type { GoalStore } from '../../store/goal.store';
import type { GoalStatus, StrategyModels } from '../../store/models';
import { GOAL_FULFILMENT_TOPIC } from '../published';

/**
 * strategy's one consumer group: hr's org units into the org projection, and the scorecard's
 * goal fulfilment into `Goal.status` (a newer version wins, so replays change nothing).
 */
export function strategyConsumer(deps: { models: StrategyModels; goals: GoalStore }): ConsumerSpec {
  return {
    group: 'strategy',
    subscriptions: [
      orgProjectionSubscription(deps.models.OrgUnit),
      {
        topic: GOAL_FULFILMENT_TOPIC,
        handlers: {
          'scorecard.GoalFulfilmentChanged': async (event) => {
            const data = event.data as { goalId: string; status: GoalStatus; version: number };
            await deps.goals.applyStatus(data.goalId, data.status, data.version);
          },
        },
      },
    ],
  };
}
