import type { Logger } from 'pino';
import type { AuthUser } from '../auth/user';

/** What every resolver gets: who is asking, a logger tagged with the request id, the service's parts. */
export interface RequestContext<Deps = unknown> {
  requestId: string;
  user?: AuthUser;
  /** the raw bearer token, forwarded by the gateway to subgraphs */
  token?: string;
  logger: Logger;
  deps: Deps;
}

/** Who caused a change, for the events it publishes: the signed-in user's tenant and id. */
export function originOf(ctx: RequestContext): { tenant: string; actor: string } {
  if (!ctx.user) throw new Error('originOf needs a signed-in user');
  return { tenant: ctx.user.tenant, actor: ctx.user.sub };
}

/**
 * Something built once per request and shared by its resolvers (DataLoaders): made on first use,
 * forgotten with the request's context.
 */
export function perRequest<C extends object, T>(factory: (ctx: C) => T): (ctx: C) => T {
  const made = new WeakMap<C, T>();
  return (ctx) => {
    let value = made.get(ctx);
    if (value === undefined) {
      value = factory(ctx);
      made.set(ctx, value);
    }
    return value;
  };
}
