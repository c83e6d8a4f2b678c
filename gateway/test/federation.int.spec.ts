import net from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { createLogger, startHttp, type RunningHttp } from '@performa/platform';
import { parse } from 'graphql';
import { SUBGRAPHS, subgraphSdl } from '../src/subgraphs';
import { eventually } from '@performa/infra';
import { startStack, token, type Stack } from './harness';

// A second subgraph that only points at hr's org units: the smallest graph in which the gateway
// must resolve OrgUnit entities through hr's __resolveReference.
const probeTypeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  type OrgUnit @key(fields: "id", resolvable: false) { id: ID! }
  type Query { probeUnits(ids: [ID!]!): [OrgUnit!]! }
`);

describe('federation through the gateway', () => {
  let stack: Stack;
  let probe: RunningHttp;
  let probeServer: ApolloServer;
  const unitIds: string[] = [];

  beforeAll(async () => {
    probeServer = new ApolloServer({
      plugins: [ApolloServerPluginInlineTraceDisabled()],
      schema: buildSubgraphSchema({ typeDefs: probeTypeDefs, resolvers: { Query: { probeUnits: (_: unknown, args: { ids: string[] }) => args.ids.map((id) => ({ __typename: 'OrgUnit', id })) } } }),
    });
    await probeServer.start();
    probe = await startHttp({ port: 0, logger: createLogger({ service: 'probe', level: 'silent' }), apollo: probeServer, context: async () => ({}), readiness: async () => ({ ok: true, checks: {} }) });
    const hr = SUBGRAPHS.find((s) => s.name === 'hr');
    if (!hr) throw new Error('no hr subgraph');
    const composed = composeServices([
      { name: 'hr', url: hr.defaultUrl, typeDefs: parse(await subgraphSdl(hr)) },
      { name: 'probe', url: probe.url, typeDefs: probeTypeDefs },
    ]);
    if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
    stack = await startStack('gw-federation', { supergraphSdl: composed.supergraphSdl, urls: { probe: probe.url } });

    const admin = await token(['ADMIN']);
    let parentId: string | undefined;
    for (const [code, kind] of [['M', 'MUNICIPALITY'], ['B1', 'BOARD'], ['B2', 'BOARD'], ['B3', 'BOARD'], ['B4', 'CORPORATION']]) {
      const result = await stack.gql<{ createOrgUnit: { id: string } }>(`mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { id } }`, { i: { code, name: `Unit ${code}`, kind, parentId } }, admin);
      const id = result.data?.createOrgUnit.id as string;
      unitIds.push(id);
      parentId ??= id;
    }
  });
  afterAll(async () => {
    await stack?.stop();
    await probe?.close(0);
    await probeServer?.stop();
  });

  it('resolves five entity references from another subgraph with one batched read', async () => {
    // the reads of org units by id that the reference resolvers ask for (how the database is asked
    // is the store's business: one $in on MongoDB, five lookups by _id on FerretDB)
    const reads = jest.spyOn(stack.hr.deps.orgUnits.directory, 'getMany');
    try {
      const result = await stack.gql<{ probeUnits: Array<{ code: string; name: string }> }>(
        `query($ids: [ID!]!) { probeUnits(ids: $ids) { id code name } }`,
        { ids: unitIds },
        await token(['POLITICIAN']),
      );
      expect(result.errors).toBeUndefined();
      expect(result.data?.probeUnits.map((u) => u.code)).toEqual(['M', 'B1', 'B2', 'B3', 'B4']);
      // DataLoader batches the five __resolveReference calls of the one _entities request
      expect(reads.mock.calls).toEqual([[unitIds]]);
    } finally {
      reads.mockRestore();
    }
  });

  it('keeps an idle connection to a subgraph open longer than Node\'s 5 s, so the gateway can reuse it', async () => {
    const { port } = new URL(stack.hr.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    const replies: string[] = [];
    socket.on('data', (chunk: Buffer) => replies.push(chunk.toString()));
    let closed = false;
    socket.on('close', () => (closed = true));
    const ask = () => socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    try {
      ask();
      await eventually(async () => replies.join(''), (text) => text.includes('200 OK'), 'the first answer');
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      expect(closed).toBe(false);
      ask();
      await eventually(async () => replies.join('').split('200 OK').length - 1, (n) => n === 2, 'the second answer on the same connection');
    } finally {
      socket.destroy();
    }
  }, 20_000);

  it('forwards the caller’s token to the subgraph that resolves the references', async () => {
    const result = await stack.gql(`query($ids: [ID!]!) { probeUnits(ids: $ids) { name } }`, { ids: unitIds.slice(0, 1) });
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
