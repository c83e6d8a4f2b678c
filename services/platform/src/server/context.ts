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
