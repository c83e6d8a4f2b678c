import { hasRole, isInScope, unitPath, type AuthUser, type OrgUnitSnapshot } from '@performa/platform';

export { requireUnitAccess, unitPath } from '@performa/platform';

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
