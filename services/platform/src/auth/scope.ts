import { ForbiddenError, NotFoundError } from '../errors';
import { assertId } from '../validation';
import type { OrgUnitSnapshot } from '../org/org-unit';
import { hasRole, isInScope, type AuthUser, type Role } from './user';

/** A unit's ancestors from the root down, then the unit itself: what scope checks compare. */
export function unitPath(unit: Pick<OrgUnitSnapshot, 'id' | 'ancestors'>): string[] {
  return [...unit.ancestors, unit.id];
}

/** One of `roles` (ADMIN always qualifies) and the unit inside the user's scope, or FORBIDDEN. */
export function requireUnitAccess(user: AuthUser, unit: OrgUnitSnapshot, roles: Role[], action: string): void {
  if (!hasRole(user, 'ADMIN', ...roles)) throw new ForbiddenError(`Only ${['ADMIN', ...roles].join(', ')} may ${action}.`);
  if (!isInScope(user, unitPath(unit))) throw new ForbiddenError(`${unit.name} (${unit.code}) is outside your part of the organisation.`);
}

/**
 * An org unit named by input: a well-formed id, known to this service (hr's own record, or the
 * projection elsewhere), or NOT_FOUND naming it.
 */
export async function requireKnownUnit(loader: { load(id: string): Promise<OrgUnitSnapshot | null> }, id: string, field: string): Promise<OrgUnitSnapshot> {
  assertId(id, field);
  const unit = await loader.load(id);
  if (!unit) throw new NotFoundError('Org unit', id);
  return unit;
}
