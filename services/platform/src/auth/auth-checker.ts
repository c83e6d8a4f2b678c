import type { AuthCheckerInterface, ResolverData } from 'type-graphql';
import { ForbiddenError, UnauthenticatedError } from '../errors';
import type { RequestContext } from '../server/context';
import type { Role } from './user';

/**
 * type-graphql's `@Authorized(...roles)`: no roles means "signed in"; otherwise one of the roles,
 * and ADMIN passes every role check. Scope (which units) is checked in the resolvers.
 */
export class RoleAuthChecker implements AuthCheckerInterface<RequestContext, Role> {
  check({ context }: ResolverData<RequestContext>, roles: Role[]): boolean {
    const user = context.user;
    if (!user) throw new UnauthenticatedError();
    if (roles.length === 0 || user.roles.includes('ADMIN')) return true;
    if (roles.some((role) => user.roles.includes(role))) return true;
    throw new ForbiddenError(`This needs one of the roles ${roles.join(', ')}.`);
  }
}

/** For resolvers: the signed-in user, or UNAUTHENTICATED. */
export function requireUser(context: RequestContext) {
  if (!context.user) throw new UnauthenticatedError();
  return context.user;
}
