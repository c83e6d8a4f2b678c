import { testNamespace } from '@performa/infra';
import { Schema, type Connection, type Model } from 'mongoose';
import { connectMongo, createLogger, op, withDocumentLocks } from '../src';

const ns = testNamespace('platform-id-lookups');
const logger = createLogger({ service: 'test', level: 'silent' });

interface Counter {
  _id: string;
  version: number;
  count: number;
  status: string;
  latestMonth: string | null;
}

/**
 * On FerretDB a write whose filter is `_id` plus a condition is sent as `{ _id }` after the
 * condition was checked in code (idLookupPlugin); these tests hold it to MongoDB's answers.
 */
describe('writes by _id with a condition', () => {
  let connection: Connection;
  let model: Model<Counter>;
  const filtersSent: Array<{ command: string; filter: Record<string, unknown> }> = [];
  const writesSent = () => filtersSent.filter((f) => f.command !== 'find');

  beforeAll(async () => {
    // slowCommandMs turns the driver's command monitoring on; the log itself stays silent
    connection = await connectMongo({ url: ns.mongoUrl, logger, slowCommandMs: 600_000 });
    connection.getClient().on('commandStarted', (event) => {
      const updates = (event.command as { updates?: Array<{ q: Record<string, unknown> }> }).updates;
      if (event.commandName === 'update' && updates?.[0]) filtersSent.push({ command: 'update', filter: updates[0].q });
      if (event.commandName === 'find') filtersSent.push({ command: 'find', filter: (event.command as { filter: Record<string, unknown> }).filter });
      if (event.commandName === 'findAndModify') filtersSent.push({ command: 'findAndModify', filter: (event.command as { query: Record<string, unknown> }).query });
    });
    const schema = new Schema<Counter>({ _id: String, version: Number, count: Number, status: String, latestMonth: { type: String, default: null } }, { versionKey: false });
    model = connection.model<Counter>('IdLookupCounter', schema, 'id_lookup_counters');
  });
  beforeEach(async () => {
    await model.deleteMany({});
    await model.create({ _id: 'c1', version: 1, count: 0, status: 'DRAFT' });
    filtersSent.length = 0;
  });
  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });

  it('writes when the condition holds, sending only the _id to the server', async () => {
    const result = await model.updateOne({ _id: 'c1', version: 1, status: 'DRAFT' }, { $set: { version: 2 }, $inc: { count: 1 } });
    expect(result).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    expect(await model.findById('c1').lean()).toMatchObject({ version: 2, count: 1 });
    expect(writesSent()).toEqual([{ command: 'update', filter: { _id: 'c1' } }]);
  });

  it('changes nothing and sends no write when it does not', async () => {
    expect(await model.updateOne({ _id: 'c1', version: 7 }, { $set: { version: 8 } })).toMatchObject({ matchedCount: 0, modifiedCount: 0 });
    expect(await model.findOneAndUpdate({ _id: 'c1', status: 'APPROVED' }, { $set: { count: 5 } }, { new: true }).lean()).toBeNull();
    expect(await model.deleteOne({ _id: 'c1', version: op({ $gt: 1 }) })).toMatchObject({ deletedCount: 0 });
    expect(await model.updateOne({ _id: 'nobody', version: 1 }, { $set: { count: 1 } })).toMatchObject({ matchedCount: 0 });
    expect(writesSent()).toEqual([]);
    expect(await model.findById('c1').lean()).toMatchObject({ version: 1, count: 0, status: 'DRAFT' });
  });

  it('answers findOneAndUpdate and deleteOne as MongoDB does', async () => {
    const updated = await model.findOneAndUpdate({ _id: 'c1', version: op({ $lt: 2 }), $or: [{ latestMonth: null }, { latestMonth: op({ $lt: '2026-01' }) }] }, { $set: { latestMonth: '2026-01' } }, { new: true }).lean();
    expect(updated).toMatchObject({ _id: 'c1', latestMonth: '2026-01' });
    expect(await model.updateOne({ _id: 'c1', $or: [{ latestMonth: null }, { latestMonth: op({ $lt: '2026-01' }) }] }, { $set: { latestMonth: '2025-12' } })).toMatchObject({ matchedCount: 0 });
    expect(await model.deleteOne({ _id: 'c1', latestMonth: '2026-01' })).toMatchObject({ deletedCount: 1 });
    expect(await model.countDocuments({})).toBe(0);
  });

  it('leaves to the server what it cannot decide in code: an unknown operator, an upsert that copies the filter\'s fields', async () => {
    expect(await model.updateOne({ _id: 'c1', status: op({ $regex: '^DR' }) }, { $set: { count: 3 } })).toMatchObject({ matchedCount: 1 });
    // the new document takes `status: 'NEW'` from the filter: only the server does that
    expect(await model.updateOne({ _id: 'c2', status: 'NEW' }, { $set: { version: 1, count: 0 } }, { upsert: true })).toMatchObject({ upsertedCount: 1 });
    expect(await model.find({}).sort({ _id: 1 }).lean()).toMatchObject([{ _id: 'c1', count: 3 }, { _id: 'c2', version: 1, status: 'NEW' }]);
    expect(writesSent().map((f) => Object.keys(f.filter).sort())).toEqual([['_id', 'status'], ['_id', 'status']]);
  });

  it('upserts by _id alone when the condition adds no field to the new document', async () => {
    const project = (version: number, upsert: boolean) => model.updateOne({ _id: 'p1', version: op({ $lt: version }) }, { $set: { version, count: version, status: 'P' } }, { upsert });
    expect(await project(2, true)).toMatchObject({ upsertedCount: 1 });
    expect(await project(1, false)).toMatchObject({ matchedCount: 0 });
    expect(await project(3, false)).toMatchObject({ matchedCount: 1, modifiedCount: 1 });
    expect(await model.findById('p1').lean()).toMatchObject({ version: 3, count: 3, status: 'P' });
    // an upsert whose condition fails on an existing document is MongoDB's duplicate key error
    await expect(project(1, true)).rejects.toMatchObject({ code: 11000 });
    expect(writesSent()).toEqual([
      { command: 'update', filter: { _id: 'p1' } },
      { command: 'update', filter: { _id: 'p1' } },
      { command: 'update', filter: { _id: 'p1', version: op({ $lt: 1 }) } },
    ]);
  });

  it('reads a short list of ids by lookups, with the projection, each found document once', async () => {
    await model.create({ _id: 'c2', version: 1, count: 2, status: 'DRAFT' });
    filtersSent.length = 0;
    const found = await model.find({ _id: op({ $in: ['c2', 'c1', 'gone', 'c1'] }) }, { count: 1 }).lean();
    expect(found.sort((a, b) => a._id.localeCompare(b._id))).toEqual([{ _id: 'c1', count: 0 }, { _id: 'c2', count: 2 }]);
    expect(filtersSent).toEqual(['c2', 'c1', 'gone'].map((id) => ({ command: 'find', filter: { _id: id } })));
    // sorted, or hydrated documents: the server's own query
    expect((await model.find({ _id: op({ $in: ['c1', 'c2'] }) }).sort({ _id: -1 }).lean()).map((d) => d._id)).toEqual(['c2', 'c1']);
    const hydrated = await model.find({ _id: op({ $in: ['c1'] }) });
    expect(hydrated[0]?.isNew).toBe(false);
  });

  it('keeps read-check-write atomic within the process: 60 concurrent optimistic increments lose none', async () => {
    const increment = async () => {
      for (;;) {
        const current = await model.findById('c1').lean();
        if (!current) throw new Error('gone');
        const result = await model.updateOne({ _id: 'c1', version: current.version }, { $set: { version: current.version + 1 }, $inc: { count: 1 } });
        if (result.modifiedCount === 1) return;
      }
    };
    await Promise.all(Array.from({ length: 60 }, increment));
    expect(await model.findById('c1').lean()).toMatchObject({ version: 61, count: 60 });
  });

  it('applies 200 concurrent $inc of one document over the pool\'s connections without losing one (FerretDB alone left 38 of 400)', async () => {
    expect(connection.getClient().options.maxPoolSize).toBeGreaterThan(1);
    await Promise.all(Array.from({ length: 200 }, () => model.updateOne({ _id: 'c1' }, { $inc: { count: 1 } })));
    expect(await model.findById('c1').lean()).toMatchObject({ count: 200 });
  });

  it('lets a bulkWrite hold the documents\' locks, so writes by _id beside it are not lost', async () => {
    await model.create({ _id: 'c2', version: 1, count: 0, status: 'DRAFT' });
    const bulk = (n: number) =>
      withDocumentLocks(model, ['c2', 'c1'], () =>
        model.bulkWrite(['c1', 'c2'].map((id) => ({ updateOne: { filter: { _id: id }, update: { $set: { status: `BULK${n}` }, $inc: { version: 1 } } } }))),
      );
    await Promise.all([...Array.from({ length: 10 }, (_, n) => bulk(n)), ...Array.from({ length: 100 }, (_, n) => model.updateOne({ _id: n % 2 ? 'c1' : 'c2' }, { $inc: { count: 1 } }))]);
    expect(await model.find({}).sort({ _id: 1 }).lean()).toMatchObject([
      { _id: 'c1', count: 50, version: 11 },
      { _id: 'c2', count: 50, version: 11 },
    ]);
  });
});
