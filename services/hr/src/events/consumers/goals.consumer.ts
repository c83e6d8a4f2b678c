import { goalProjectionSubscription, type ConsumerSpec } from '@performa/platform';
import type { AgreementStore } from '../../store/agreement.store';
import type { HrModels } from '../../store/models';

/**
 * hr's projection of strategy's goals (what agreements may cite); an archived goal flags the
 * agreements that cite it for review (again on a replay, which changes nothing more).
 */
export function goalsConsumer(deps: { models: HrModels; agreements: AgreementStore }): ConsumerSpec {
  return {
    group: 'hr.goals',
    subscriptions: [
      goalProjectionSubscription(deps.models.Goal, async (goal) => {
        if (goal.archived) await deps.agreements.flagForReview(goal._id);
      }),
    ],
  };
}
