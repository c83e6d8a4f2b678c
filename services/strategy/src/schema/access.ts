import { ConflictError, requireKnownUnit, requireUnitAccess, type AuthUser, type OrgUnitSnapshot } from '@performa/platform';
import { loaders, type StrategyContext } from './deps';

/** An org unit as strategy knows it from hr's events: NOT_FOUND if hr never announced it. */
export function requireUnit(ctx: StrategyContext, id: string, field: string): Promise<OrgUnitSnapshot> {
  return requireKnownUnit(loaders(ctx).orgUnit, id, field);
}

export function requireOpenUnit(unit: OrgUnitSnapshot, today: string): void {
  if (unit.closedOn && unit.closedOn <= today) throw new ConflictError(`${unit.name} (${unit.code}) closed on ${unit.closedOn} and can't own new goals or activities.`, { id: unit.id });
}

/** Goals and activities are managed by EXECUTIVE and MANAGER (and ADMIN) for units in their scope. */
export function requireGoalManager(user: AuthUser, owner: OrgUnitSnapshot): void {
  requireUnitAccess(user, owner, ['EXECUTIVE', 'MANAGER'], 'manage goals and activities');
}
