import mongoose, { type Connection } from 'mongoose';
import type { Logger } from 'pino';
import { idLookupPlugin } from './id-lookups';

export interface MongoOptions {
  url: string;
  dbName?: string;
  poolSize?: number;
  /** commands the server takes longer than this over are logged as warnings; 0 turns the log off */
  slowCommandMs?: number;
  logger: Logger;
}

/**
 * One mongoose connection per service, with a bounded pool and timeouts so a dead server fails a
 * request in seconds instead of hanging it. `sanitizeFilter` turns `{ $gt: "" }` smuggled into a
 * filter value into a literal, so user input can never become a query operator.
 */
export async function connectMongo(options: MongoOptions): Promise<Connection> {
  const first = await open(options, options.poolSize ?? 10);
  const info = (await first.db?.admin().command({ buildInfo: 1 })) as { ferretdbVersion?: string } | undefined;
  if (!info?.ferretdbVersion) return first;
  await first.close();
  // FerretDB 1.24 (SQLite) does not apply concurrent updates of one document atomically: 400
  // concurrent $inc from 20 connections left 38. idLookupPlugin makes every write by `_id` in this
  // process wait for the document's lock, which restores it within the process whatever the number
  // of connections; a few connections let requests run beside a consumer's long scan.
  const poolSize = Math.min(options.poolSize ?? 10, FERRETDB_MAX_POOL);
  options.logger.info({ ferretdb: info.ferretdbVersion, poolSize }, 'FerretDB: writes by _id take a per-document lock and send { _id } alone');
  const connection = await open(options, poolSize);
  // before any model is compiled on it
  connection.plugin(idLookupPlugin);
  return connection;
}

/** SQLite takes one writer per database at a time; more connections than this only queue there. */
const FERRETDB_MAX_POOL = 4;

async function open(options: MongoOptions, poolSize: number): Promise<Connection> {
  const connection = mongoose.createConnection(options.url, {
    dbName: options.dbName,
    maxPoolSize: poolSize,
    minPoolSize: 0,
    serverSelectionTimeoutMS: 5_000,
    connectTimeoutMS: 5_000,
    socketTimeoutMS: 60_000,
    // FerretDB has no retryable writes; MongoDB 7 is fine without them for single-document writes
    retryWrites: false,
    autoIndex: false,
    monitorCommands: (options.slowCommandMs ?? 0) > 0,
  });
  connection.set('sanitizeFilter', true);
  connection.set('strictQuery', true);
  await connection.asPromise();
  if ((options.slowCommandMs ?? 0) > 0) logSlowCommands(connection, options.slowCommandMs ?? 0, options.logger);
  options.logger.info({ db: connection.name }, 'connected to MongoDB');
  return connection;
}

/**
 * Warns about every command the server took longer than `thresholdMs` over: the command, the
 * collection and the filter's field names (never its values, which can be personal data). On
 * FerretDB a filter on anything but `_id` alone reads the whole collection, and this log is how
 * such a query shows itself.
 */
function logSlowCommands(connection: Connection, thresholdMs: number, logger: Logger): void {
  const started = new Map<number, { command: string; collection: unknown; filter?: string[] }>();
  const client = connection.getClient();
  client.on('commandStarted', (event) => {
    const body = event.command as Record<string, unknown>;
    started.set(event.requestId, { command: event.commandName, collection: body[event.commandName], filter: filterFields(body) });
  });
  const finish = (event: { requestId: number; duration: number }, failed: boolean) => {
    const command = started.get(event.requestId);
    started.delete(event.requestId);
    if (command && event.duration >= thresholdMs) logger.warn({ ...command, ms: event.duration, failed }, 'slow database command');
  };
  client.on('commandSucceeded', (event) => finish(event, false));
  client.on('commandFailed', (event) => finish(event, true));
}

/** The field names (with their operators) a find, update, delete, findAndModify, count or aggregate ($match first) filters on. */
function filterFields(body: Record<string, unknown>): string[] | undefined {
  const first = (list: unknown) => (Array.isArray(list) ? (list[0] as Record<string, unknown> | undefined) : undefined);
  const filter = body.filter ?? body.query ?? first(body.updates)?.q ?? first(body.deletes)?.q ?? first(body.pipeline)?.$match;
  if (!filter || typeof filter !== 'object') return undefined;
  // `_id:$in` tells a lookup from a scan; operator names are not data
  return Object.entries(filter as Record<string, unknown>).map(([key, value]) =>
    value && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).some((k) => k.startsWith('$')) ? `${key}:${Object.keys(value).join(':')}` : key,
  );
}

/** Creates every registered model's indexes at start, before the service takes traffic. */
export async function createIndexes(connection: Connection): Promise<void> {
  for (const model of Object.values(connection.models)) {
    await model.createIndexes();
  }
}

export async function pingMongo(connection: Connection): Promise<void> {
  const db = connection.db;
  if (!db) throw new Error('MongoDB is not connected');
  await db.command({ ping: 1 });
}

/**
 * Marks an operator object in a filter as written by our code, not taken from input: with
 * `sanitizeFilter` on, any other `{ $op: … }` in a filter is compared as a literal value.
 */
export function op<T extends object>(operator: T): T {
  return mongoose.trusted(operator) as T;
}
