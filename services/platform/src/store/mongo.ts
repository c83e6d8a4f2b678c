import mongoose, { type Connection } from 'mongoose';
import type { Logger } from 'pino';

export interface MongoOptions {
  url: string;
  dbName?: string;
  poolSize?: number;
  logger: Logger;
}

/**
 * One mongoose connection per service, with a bounded pool and timeouts so a dead server fails a
 * request in seconds instead of hanging it. `sanitizeFilter` turns `{ $gt: "" }` smuggled into a
 * filter value into a literal, so user input can never become a query operator.
 */
export async function connectMongo(options: MongoOptions): Promise<Connection> {
  const first = await open(options, options.poolSize ?? 10);
  // FerretDB 1.24 (SQLite) does not apply concurrent updates of one document atomically: 400
  // concurrent $inc from 20 connections left 38. One connection makes the server take this
  // service's commands one at a time, which restores the single-document atomicity the outbox and
  // every optimistic-concurrency check rely on (MongoDB needs no such thing).
  const info = (await first.db?.admin().command({ buildInfo: 1 })) as { ferretdbVersion?: string } | undefined;
  if (!info?.ferretdbVersion || (options.poolSize ?? 10) === 1) return first;
  await first.close();
  options.logger.info({ ferretdb: info.ferretdbVersion }, 'FerretDB: one connection per service, so single-document updates stay atomic');
  return open(options, 1);
}

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
  });
  connection.set('sanitizeFilter', true);
  connection.set('strictQuery', true);
  await connection.asPromise();
  options.logger.info({ db: connection.name }, 'connected to MongoDB');
  return connection;
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
