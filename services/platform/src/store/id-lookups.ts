import mongoose, { Types, type Model, type Query, type Schema } from 'mongoose';
import { matchesFilter } from './filter-match';

/**
 * FerretDB 1.24 (SQLite) looks a document up by index only when the filter is `{ _id: <string or
 * ObjectId> }` and nothing else: `{ _id, version }`, the shape of every optimistic-concurrency
 * update and of the outbox relay's "mark published", reads the whole collection — 8,500 employees
 * for one sick-leave record. This plugin splits such a write in two: it reads the document by `_id`,
 * checks the rest of the filter in code (`matchesFilter`), and sends the write with `{ _id }` alone.
 *
 * The two steps are one step as long as nothing else writes the document between them. FerretDB
 * runs a service's commands over its one connection (see connectMongo), so the only other writers
 * are this process's own concurrent requests and consumers; every write by `_id` on the model
 * therefore waits for a per-document lock, held from the read to the write's reply. (Two processes
 * writing one document were never atomic on FerretDB; on MongoDB the plugin is not installed.)
 *
 * A filter the matcher does not know, an upsert of a missing document (unless its condition is only
 * ranges and negations, which add no field to the new document) and `includeResultMetadata` go to
 * the server unchanged. Lean reads of `{ _id: { $in: [...] } }` (up to 40 ids, unsorted)
 * become that many lookups.
 */
type WriteOp = 'updateOne' | 'findOneAndUpdate' | 'replaceOne' | 'findOneAndReplace' | 'deleteOne' | 'findOneAndDelete';
const WRITES: WriteOp[] = ['updateOne', 'findOneAndUpdate', 'replaceOne', 'findOneAndReplace', 'deleteOne', 'findOneAndDelete'];

/** What the skipped command would have answered had nothing matched. */
const NOTHING_MATCHED: Record<WriteOp, unknown> = {
  updateOne: { acknowledged: true, matchedCount: 0, modifiedCount: 0, upsertedCount: 0, upsertedId: null },
  replaceOne: { acknowledged: true, matchedCount: 0, modifiedCount: 0, upsertedCount: 0, upsertedId: null },
  deleteOne: { acknowledged: true, deletedCount: 0 },
  findOneAndUpdate: null,
  findOneAndReplace: null,
  findOneAndDelete: null,
};

const release = Symbol('release the document lock');
type LockedQuery = Query<unknown, unknown> & { op: WriteOp; [release]?: () => void };

/** The locks of each schema the plugin is installed on, for writes it cannot see (withDocumentLocks). */
const schemaLocks = new WeakMap<Schema, DocumentLocks>();
const lockKey = (model: Model<any>, id: unknown) => `${model.collection.collectionName}\u0000${String(id)}`; // eslint-disable-line @typescript-eslint/no-explicit-any

export function idLookupPlugin(schema: Schema): void {
  const locks = new DocumentLocks();
  schemaLocks.set(schema, locks);

  schema.pre(WRITES, async function (this: LockedQuery) {
    const filter = this.getFilter() as Record<string, unknown>;
    const id = filter._id;
    if (typeof id !== 'string' && !(id instanceof Types.ObjectId)) return;
    this[release] = await locks.acquire(lockKey(this.model, id));
    const rest = Object.fromEntries(Object.entries(filter).filter(([key]) => key !== '_id'));
    const options = this.getOptions() as { upsert?: boolean; includeResultMetadata?: boolean };
    if (Object.keys(rest).length === 0 || options.includeResultMetadata) return;

    // the filter as the server would see it: sanitized (see connectMongo) and cast to the schema
    if (this.model.db.get('sanitizeFilter')) mongoose.sanitizeFilter(rest);
    const condition = this.cast(this.model, rest) as Record<string, unknown>;
    const current = (await this.model.collection.findOne({ _id: id as Types.ObjectId })) as Record<string, unknown> | null;
    const verdict = current ? matchesFilter(current, condition) : false;
    if (verdict === undefined) return;
    if (!verdict && options.upsert) {
      // no document: the server would insert one from the _id and the update (plus the filter's
      // equality fields, which a condition of only ranges and negations has none of)
      if (!current && onlyRangesAndNegations(condition)) this.setQuery({ _id: id });
      return;
    }
    if (!verdict) throw mongoose.skipMiddlewareFunction(NOTHING_MATCHED[this.op]);
    this.setQuery({ _id: id });
  });

  // `{ _id: { $in: [a, b, c] } }` scans the collection too: a few lookups by _id cost less than one scan
  schema.pre('find', async function () {
    const filter = this.getFilter() as Record<string, unknown>;
    const ids = idList(filter, this.model.schema.path('_id').instance);
    const options = this.getOptions() as { sort?: unknown; skip?: number; limit?: number };
    if (!ids || !this.mongooseOptions().lean || options.sort !== undefined || options.skip !== undefined || options.limit !== undefined) return;
    const projection = this.projection() as Record<string, unknown> | undefined;
    const docs = await Promise.all(ids.map((id) => this.model.collection.findOne({ _id: id as Types.ObjectId }, { projection })));
    throw mongoose.skipMiddlewareFunction(docs.filter((doc) => doc !== null));
  });

  schema.post(WRITES, function (this: LockedQuery) {
    this[release]?.();
  });
  schema.post(WRITES, { errorHandler: true }, function (this: LockedQuery, error: Error, _res: unknown, next: (error: Error) => void) {
    this[release]?.();
    next(error);
  });
}

/**
 * Runs `fn` holding the locks of the documents `ids` of `model`, as the plugin holds one around a
 * write by `_id`: for a write it does not see, such as a bulkWrite of updates by `_id`. Without
 * the plugin (MongoDB) it just runs `fn`. Locks are taken in sorted order, so two of these never
 * wait for each other.
 */
export async function withDocumentLocks<T>(model: Model<any>, ids: readonly unknown[], fn: () => Promise<T>): Promise<T> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const locks = schemaLocks.get(model.schema);
  if (!locks) return fn();
  const releases: Array<() => void> = [];
  try {
    for (const key of [...new Set(ids.map((id) => lockKey(model, id)))].sort()) releases.push(await locks.acquire(key));
    return await fn();
  } finally {
    for (const free of releases) free();
  }
}

/** Whether a filter copies no field into an upserted document: every condition is $lt, $ne, $exists and the like. */
function onlyRangesAndNegations(condition: Record<string, unknown>): boolean {
  const allowed = new Set(['$lt', '$lte', '$gt', '$gte', '$ne', '$nin', '$exists']);
  return Object.entries(condition).every(
    ([key, value]) => !key.startsWith('$') && value !== null && typeof value === 'object' && !(value instanceof Date) && !(value instanceof Types.ObjectId) && Object.keys(value).length > 0 && Object.keys(value).every((op) => allowed.has(op)),
  );
}

/** Above this many ids a scan is no dearer than the lookups. */
const MAX_ID_LOOKUPS = 40;

/** The ids of a filter that is `{ _id: { $in: [...] } }` and nothing else, each already of the schema's _id type. */
function idList(filter: Record<string, unknown>, idType: string): Array<string | Types.ObjectId> | undefined {
  const keys = Object.keys(filter);
  const condition = filter._id as { $in?: unknown } | undefined;
  if (keys.length !== 1 || !condition || typeof condition !== 'object' || Object.keys(condition).length !== 1 || !Array.isArray(condition.$in)) return undefined;
  const ids = condition.$in as unknown[];
  if (ids.length > MAX_ID_LOOKUPS) return undefined;
  const ofType = (id: unknown) => (idType === 'String' ? typeof id === 'string' : idType === 'ObjectId' ? id instanceof Types.ObjectId : false);
  if (!ids.every(ofType)) return undefined;
  return [...new Map(ids.map((id) => [String(id), id as string | Types.ObjectId])).values()];
}

/** One holder per key at a time; the rest queue in order. A holder that never lets go is let go after `maxHoldMs`. */
export class DocumentLocks {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly maxHoldMs = 60_000) {}

  async acquire(key: string): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let free!: () => void;
    const mine = new Promise<void>((resolve) => (free = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    let released = false;
    const timer = setTimeout(() => unlock(), this.maxHoldMs);
    timer.unref();
    const unlock = () => {
      if (released) return;
      released = true;
      clearTimeout(timer);
      free();
      // the last holder removes the key, so the map holds only documents being written
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
    return unlock;
  }

  /** How many documents are locked or queued for (tests). */
  get size(): number {
    return this.tails.size;
  }
}
