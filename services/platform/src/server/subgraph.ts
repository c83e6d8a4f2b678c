import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { printSchemaWithDirectives, type IResolvers } from '@graphql-tools/utils';
import { parse, type GraphQLSchema, type GraphQLScalarType } from 'graphql';
import { buildSchema, createResolversMap, type NonEmptyArray } from 'type-graphql';
import { RoleAuthChecker } from '../auth/auth-checker';
import { createErrorFormatter, UnauthenticatedError } from '../errors';
import { requestLogging } from './request-logging';
import type { RequestContext } from './context';

const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@interfaceObject"])`;

export interface SubgraphOptions {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: NonEmptyArray<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  orphanedTypes?: Function[];
  /** `{ OrgUnit: { __resolveReference } }`: how other subgraphs' references to our entities resolve */
  referenceResolvers?: IResolvers;
  scalarsMap?: Array<{ type: Function; scalar: GraphQLScalarType }>; // eslint-disable-line @typescript-eslint/no-unsafe-function-type
}

/** type-graphql resolvers → an Apollo Federation 2 subgraph schema, as in type-graphql's example. */
export async function buildSubgraph(options: SubgraphOptions): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: options.resolvers,
    orphanedTypes: options.orphanedTypes,
    scalarsMap: options.scalarsMap,
    authChecker: RoleAuthChecker,
    authMode: 'error',
    validate: false,
    // a subgraph may have no Query of its own; composition checks the whole graph
    skipCheck: true,
  });
  const typeDefs = parse(`${FEDERATION_LINK}\n${printSchemaWithDirectives(schema)}`);
  return buildSubgraphSchema({ typeDefs, resolvers: merge(createResolversMap(schema) as IResolvers, options.referenceResolvers ?? {}) as never });
}

function merge(a: IResolvers, b: IResolvers): IResolvers {
  const out: Record<string, unknown> = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const existing = out[key];
    out[key] = existing && typeof existing === 'object' && typeof value === 'object' ? { ...existing, ...value } : value;
  }
  return out as IResolvers;
}

/**
 * Every operation needs a signed-in user, except the `_service` query that composition tools use
 * to read the SDL. This covers `_entities` too, which no type-graphql `@Authorized` guards, so a
 * subgraph reached directly is no back door.
 */
const requireSignedIn: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation }) {
        if (contextValue.user) return;
        const onlyService = !!operation && operation.selectionSet.selections.every((s) => s.kind === 'Field' && (s.name.value === '_service' || s.name.value === '__typename'));
        if (!onlyService) throw new UnauthenticatedError();
      },
    };
  },
};

export function createSubgraphServer<D>(schema: GraphQLSchema): ApolloServer<RequestContext<D>> {
  return new ApolloServer<RequestContext<D>>({
    schema,
    plugins: [ApolloServerPluginInlineTraceDisabled(), requireSignedIn as ApolloServerPlugin<RequestContext<D>>, requestLogging<RequestContext<D>>()],
    formatError: createErrorFormatter(),
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // our own shutdown (registerShutdown) drains HTTP, consumers and the outbox in order
    stopOnTerminationSignals: false,
  });
}
