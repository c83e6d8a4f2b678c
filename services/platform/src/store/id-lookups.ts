import mongoose, { Types, type Query, type Schema } from 'mongoose';
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
 * A filter the matcher does not know, an upsert of a missing document and `includeResultMetadata`
 * go to the server unchanged.
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

export function idLookupPlugin(schema: Schema): void {
  const locks = new DocumentLocks();

  schema.pre(WRITES, async function (this: LockedQuery) {
    const filter = this.getFilter() as Record<string, unknown>;
    const id = filter._id;
    if (typeof id !== 'string' && !(id instanceof Types.ObjectId)) return;
    this[release] = await locks.acquire(`${this.model.collection.collectionName}\u0000${String(id)}`);
    const rest = Object.fromEntries(Object.entries(filter).filter(([key]) => key !== '_id'));
    const options = this.getOptions() as { upsert?: boolean; includeResultMetadata?: boolean };
    if (Object.keys(rest).length === 0 || options.includeResultMetadata) return;

    // the filter as the server would see it: sanitized (see connectMongo) and cast to the schema
    if (this.model.db.get('sanitizeFilter')) mongoose.sanitizeFilter(rest);
    const condition = this.cast(this.model, rest) as Record<string, unknown>;
    const current = (await this.model.collection.findOne({ _id: id as Types.ObjectId })) as Record<string, unknown> | null;
    const verdict = current ? matchesFilter(current, condition) : false;
    if (verdict === undefined || (!verdict && options.upsert)) return;
    if (!verdict) throw mongoose.skipMiddlewareFunction(NOTHING_MATCHED[this.op]);
    this.setQuery({ _id: id });
  });

  schema.post(WRITES, function (this: LockedQuery) {
    this[release]?.();
  });
  schema.post(WRITES, { errorHandler: true }, function (this: LockedQuery, error: Error, _res: unknown, next: (error: Error) => void) {
    this[release]?.();
    next(error);
  });
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
