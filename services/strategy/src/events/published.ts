/** What strategy announces (contracts in schemas/events). */
export const TOPICS = {
  goal: 'strategy.goal.v1',
  activity: 'strategy.activity.v1',
} as const;

/** What strategy listens to besides hr's org units. */
export const GOAL_FULFILMENT_TOPIC = 'scorecard.goal-fulfilment.v1';

export type GoalEventType = 'strategy.GoalCreated' | 'strategy.GoalChanged' | 'strategy.GoalArchived';

export interface GoalSnapshot {
  id: string;
  title: string;
  termId: string;
  ownerId: string;
  parentId: string | null;
  perspective: string;
  archived: boolean;
  version: number;
}

export function goalEvent(type: GoalEventType, goal: GoalSnapshot) {
  return { topic: TOPICS.goal, type, subject: goal.id, data: goal };
}

export interface ActivityStatusChanged {
  activityId: string;
  goalId: string;
  ownerId: string;
  previousStatus: string | null;
  status: string;
  version: number;
}

export function activityStatusEvent(data: ActivityStatusChanged) {
  return { topic: TOPICS.activity, type: 'strategy.ActivityStatusChanged', subject: data.activityId, data };
}
