export const ROLES = ['ADMIN', 'POLITICIAN', 'EXECUTIVE', 'MANAGER', 'HR', 'FINANCE', 'EMPLOYEE'] as const;
export type Role = (typeof ROLES)[number];

/** The signed-in user, from the verified token's claims. */
export interface AuthUser {
  /** the user's employee id */
  sub: string;
  roles: Role[];
  /** org units whose subtrees the user may act on */
  units: string[];
  tenant: string;
}

export function hasRole(user: AuthUser, ...roles: Role[]): boolean {
  return roles.some((role) => user.roles.includes(role));
}

/**
 * Whether a unit lies in the user's scope: ADMIN acts on the whole tenant; anyone else needs the
 * unit itself or one of its ancestors among their `units`. `unitPath` is the unit's ancestors
 * from the root down, followed by the unit.
 */
export function isInScope(user: AuthUser, unitPath: readonly string[]): boolean {
  if (user.roles.includes('ADMIN')) return true;
  return unitPath.some((id) => user.units.includes(id));
}
