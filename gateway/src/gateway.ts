import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { ApolloGateway, IntrospectAndCompose, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { authenticate, createErrorFormatter, requestLogging, createTokenVerifier, startHttp, UnauthenticatedError, type AuthUser, type Logger, type RunningHttp } from '@performa/platform';
import { SCHEMAS_DIR } from './compose';
import type { GatewayEnvironment } from './environment';
import { costLimit, depthLimit } from './limits';
import { SUBGRAPHS } from './subgraphs';

export interface GatewayContext {
  requestId: string;
  token?: string;
  user?: AuthUser;
  logger: Logger;
}

/** Passes the caller's token and request id on to every subgraph, which verifies the token again. */
class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  /**
   * A subgraph answers a request it refuses outright (a variable that is no valid Month) with 400;
   * the client should get the subgraph's own error and code, not an opaque failure.
   */
  override async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]): Promise<GraphQLError> {
    const error = await super.errorFromResponse(response);
    const body = (error.extensions.response as { body?: { errors?: Array<{ message?: string; extensions?: { code?: string } }> } } | undefined)?.body;
    const first = body?.errors?.[0];
    if (response.status === 400 && first?.message && first.extensions?.code) {
      return new GraphQLError(first.message, { extensions: { code: first.extensions.code } });
    }
    return error;
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (!request.http) return;
    if (context.token) request.http.headers.set('authorization', `Bearer ${context.token}`);
    if (context.requestId) request.http.headers.set('x-request-id', context.requestId);
  }
}

/** Everything but introspection needs a signed-in user; the subgraphs check roles and scope. */
const requireSignedIn: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation }) {
        if (contextValue.user || !operation) return;
        const introspectionOnly = operation.selectionSet.selections.every((s) => s.kind === 'Field' && s.name.value.startsWith('__'));
        if (!introspectionOnly) throw new UnauthenticatedError();
      },
    };
  },
};

export interface RunningGateway {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export function subgraphUrls(env: GatewayEnvironment): Record<string, string> {
  return Object.fromEntries(SUBGRAPHS.map((s) => [s.name, env[s.urlVariable]]));
}

export async function startGateway(env: GatewayEnvironment, logger: Logger, options: { supergraphSdl?: string; urls?: Record<string, string> } = {}): Promise<RunningGateway> {
  const urls = { ...subgraphUrls(env), ...options.urls };
  const gateway = new ApolloGateway({
    supergraphSdl:
      env.SUPERGRAPH === 'introspect'
        ? new IntrospectAndCompose({ subgraphs: SUBGRAPHS.map((s) => ({ name: s.name, url: urls[s.name] as string })) })
        : (options.supergraphSdl ?? readFileSync(env.SUPERGRAPH_PATH ?? path.join(SCHEMAS_DIR, 'supergraph.graphql'), 'utf8')),
    buildService: ({ name, url }) => new ForwardingDataSource({ url: urls[name] ?? url }),
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    validationRules: [depthLimit(env.MAX_DEPTH), costLimit(env.MAX_COST)],
    plugins: [requireSignedIn, requestLogging<GatewayContext>()],
    formatError: createErrorFormatter(),
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // our own shutdown (registerShutdown) drains HTTP, consumers and the outbox in order
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  const verify = createTokenVerifier({ algorithm: env.JWT_ALGORITHM, secret: env.JWT_SECRET, jwksUrl: env.JWT_JWKS_URL, issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE });

  let http: RunningHttp;
  try {
    http = await startHttp<GatewayContext>({
      port: env.PORT,
      host: env.HOST,
      logger,
      apollo,
      maxBodyBytes: env.MAX_BODY_BYTES,
      // a controller's batch of actual outcomes (up to 100 000 entries) is the one large request
      largeBodies: { maxBytes: env.MAX_BATCH_BODY_BYTES, allowed: (body) => /^\s*mutation\b[^{]*\{\s*postActuals\s*\(/.test(String((body as { query?: unknown })?.query ?? '')) },
      corsOrigins: env.CORS_ORIGINS,
      context: async (req, requestId) => {
        const { token, user } = await authenticate(req.headers.authorization, verify);
        return { requestId, token, user, logger: logger.child({ requestId }) };
      },
      // the gateway is ready when it has a schema; each subgraph reports its own readiness
      readiness: async () => ({ ok: true, checks: { supergraph: { ok: true } } }),
    });
  } catch (error) {
    await apollo.stop();
    throw error;
  }
  logger.info({ url: http.url, subgraphs: urls }, 'gateway is listening');
  return {
    url: http.url,
    port: http.port,
    async stop() {
      await http.close(5_000);
      await apollo.stop();
    },
  };
}
