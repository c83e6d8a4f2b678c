import { ForbiddenError, hasRole, isInScope, type AuthUser, type OrgUnitSnapshot, type Role } from '@performa/platform';

export function unitPath(unit: OrgUnitSnapshot): string[] {
  return [...unit.ancestors, unit.id];
}

/** One of `roles` (ADMIN always qualifies) and the unit inside the user's scope, or FORBIDDEN. */
export function requireUnitAccess(user: AuthUser, unit: OrgUnitSnapshot, roles: Role[], action: string): void {
  if (!hasRole(user, 'ADMIN', ...roles)) throw new ForbiddenError(`Only ${['ADMIN', ...roles].join(', ')} may ${action}.`);
  if (!isInScope(user, unitPath(unit))) throw new ForbiddenError(`${unit.name} (${unit.code}) is outside your part of the organisation.`);
}

/**
 * Personal data of an employee: the employee themself, ADMIN, and HR or a MANAGER whose scope
 * covers the employee's unit. POLITICIAN and EXECUTIVE see aggregates only.
 */
export function canReadEmployee(user: AuthUser, employeeId: string, unit: OrgUnitSnapshot | null): boolean {
  if (user.sub === employeeId || hasRole(user, 'ADMIN')) return true;
  return !!unit && hasRole(user, 'HR', 'MANAGER') && isInScope(user, unitPath(unit));
}

/** Aggregates (HR metrics) of a unit: POLITICIAN reads everything, others within their scope. */
export function canReadAggregates(user: AuthUser, unit: OrgUnitSnapshot): boolean {
  return hasRole(user, 'ADMIN', 'POLITICIAN') || isInScope(user, unitPath(unit));
}
