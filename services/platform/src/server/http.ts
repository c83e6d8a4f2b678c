import { randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { Logger } from 'pino';

export interface Readiness {
  ok: boolean;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

export interface HttpOptions<C extends BaseContext> {
  port: number;
  host?: string;
  logger: Logger;
  apollo: ApolloServer<C>;
  context: (req: IncomingMessage, requestId: string) => Promise<C>;
  readiness: () => Promise<Readiness>;
  maxBodyBytes?: number;
  /** a larger limit for some requests (the gateway's batch uploads): checked once the body is parsed */
  largeBodies?: { maxBytes: number; allowed: (body: unknown) => boolean };
  /** origins allowed to call from a browser; empty means no CORS headers */
  corsOrigins?: string[];
  /** extra routes answered before GraphQL, e.g. the gateway's own checks */
  routes?: Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<void>>;
}

export interface RunningHttp {
  url: string;
  port: number;
  /** stops accepting, lets in-flight requests finish for up to `graceMs`, then closes the rest */
  close(graceMs: number): Promise<void>;
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

const clientError = (message: string, code: string) => ({ errors: [{ message, extensions: { code } }] });

/**
 * A small HTTP front for Apollo Server: /graphql, /health (the process is up), /ready (its
 * dependencies answer), a request id on every response, a body-size limit and CORS.
 */
export async function startHttp<C extends BaseContext>(options: HttpOptions<C>): Promise<RunningHttp> {
  const limit = options.maxBodyBytes ?? 1_000_000;
  const log = options.logger;
  let inFlight = 0;

  const server = http.createServer(async (req, res) => {
    const requestId = (typeof req.headers['x-request-id'] === 'string' && /^[\w.-]{1,100}$/.test(req.headers['x-request-id']) && req.headers['x-request-id']) || randomUUID();
    res.setHeader('x-request-id', requestId);
    const origin = req.headers.origin;
    if (origin && options.corsOrigins?.some((o) => o === '*' || o === origin)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'origin');
      res.setHeader('access-control-allow-headers', 'authorization, content-type, apollo-require-preflight, x-request-id');
      res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    inFlight += 1;
    try {
      if (req.method === 'OPTIONS') {
        res.writeHead(204).end();
      } else if (url.pathname === '/health') {
        sendJson(res, 200, { status: 'ok' });
      } else if (url.pathname === '/ready') {
        const ready = await options.readiness();
        sendJson(res, ready.ok ? 200 : 503, { status: ready.ok ? 'ready' : 'not ready', checks: ready.checks });
      } else if (options.routes?.[url.pathname]) {
        await options.routes[url.pathname]?.(req, res);
      } else if (url.pathname === '/graphql') {
        await serveGraphql(req, res, url, requestId);
      } else {
        sendJson(res, 404, clientError(`Nothing at ${url.pathname}; the API is at /graphql.`, 'NOT_FOUND'));
      }
    } catch (error) {
      log.error({ err: error, requestId }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, clientError('Internal server error', 'INTERNAL_SERVER_ERROR'));
      else res.end();
    } finally {
      inFlight -= 1;
    }
  });

  async function serveGraphql(req: IncomingMessage, res: ServerResponse, url: URL, requestId: string): Promise<void> {
    let body: unknown;
    if (req.method === 'POST') {
      let text: string;
      try {
        text = await readBody(req, Math.max(limit, options.largeBodies?.maxBytes ?? 0));
      } catch (error) {
        if (error instanceof BodyTooLarge) {
          // the rest of the upload is not read: close the connection once the answer is out
          sendJson(res, 413, clientError(`The request body is larger than ${limit} bytes.`, 'BAD_REQUEST'), { connection: 'close' });
          return;
        }
        throw error;
      }
      try {
        body = text ? JSON.parse(text) : {};
      } catch {
        sendJson(res, 400, clientError('The request body is not valid JSON.', 'BAD_REQUEST'));
        return;
      }
      if (Buffer.byteLength(text) > limit && !options.largeBodies?.allowed(body)) {
        sendJson(res, 413, clientError(`The request body is larger than ${limit} bytes.`, 'BAD_REQUEST'));
        return;
      }
    }
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const result = await options.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers, search: url.search, body },
      context: () => options.context(req, requestId),
    });
    for (const [key, value] of result.headers) res.setHeader(key, value);
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
    } else {
      for await (const chunk of result.body.asyncIterator) res.write(chunk);
      res.end();
    }
  }

  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  // The gateway keeps idle connections to subgraphs open with no idle timeout of its own (Apollo's
  // fetcher, retry off). With Node's default of 5 s, a request sent on a connection the subgraph was
  // closing at that moment failed as an internal error (seen once in CI). Subgraphs now keep an idle
  // connection for a minute, so this takes a minute of silence between two calls, not 5 s.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}/graphql`;

  return {
    url,
    port,
    async close(graceMs: number) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = Date.now() + graceMs;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      server.closeAllConnections();
      await closed;
    },
  };
}
