import { testNamespace } from '@performa/infra';
import { Schema, type Connection, type Model } from 'mongoose';
import { connectMongo, createLogger, op } from '../src';

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

  beforeAll(async () => {
    // slowCommandMs turns the driver's command monitoring on; the log itself stays silent
    connection = await connectMongo({ url: ns.mongoUrl, logger, slowCommandMs: 600_000 });
    connection.getClient().on('commandStarted', (event) => {
      const updates = (event.command as { updates?: Array<{ q: Record<string, unknown> }> }).updates;
      if (event.commandName === 'update' && updates?.[0]) filtersSent.push({ command: 'update', filter: updates[0].q });
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
    expect(filtersSent).toEqual([{ command: 'update', filter: { _id: 'c1' } }]);
  });

  it('changes nothing and sends no write when it does not', async () => {
    expect(await model.updateOne({ _id: 'c1', version: 7 }, { $set: { version: 8 } })).toMatchObject({ matchedCount: 0, modifiedCount: 0 });
    expect(await model.findOneAndUpdate({ _id: 'c1', status: 'APPROVED' }, { $set: { count: 5 } }, { new: true }).lean()).toBeNull();
    expect(await model.deleteOne({ _id: 'c1', version: op({ $gt: 1 }) })).toMatchObject({ deletedCount: 0 });
    expect(await model.updateOne({ _id: 'nobody', version: 1 }, { $set: { count: 1 } })).toMatchObject({ matchedCount: 0 });
    expect(filtersSent).toEqual([]);
    expect(await model.findById('c1').lean()).toMatchObject({ version: 1, count: 0, status: 'DRAFT' });
  });

  it('answers findOneAndUpdate and deleteOne as MongoDB does', async () => {
    const updated = await model.findOneAndUpdate({ _id: 'c1', version: op({ $lt: 2 }), $or: [{ latestMonth: null }, { latestMonth: op({ $lt: '2026-01' }) }] }, { $set: { latestMonth: '2026-01' } }, { new: true }).lean();
    expect(updated).toMatchObject({ _id: 'c1', latestMonth: '2026-01' });
    expect(await model.updateOne({ _id: 'c1', $or: [{ latestMonth: null }, { latestMonth: op({ $lt: '2026-01' }) }] }, { $set: { latestMonth: '2025-12' } })).toMatchObject({ matchedCount: 0 });
    expect(await model.deleteOne({ _id: 'c1', latestMonth: '2026-01' })).toMatchObject({ deletedCount: 1 });
    expect(await model.countDocuments({})).toBe(0);
  });

  it('leaves to the server what it cannot decide in code: an unknown operator, an upsert of a missing document', async () => {
    expect(await model.updateOne({ _id: 'c1', status: op({ $regex: '^DR' }) }, { $set: { count: 3 } })).toMatchObject({ matchedCount: 1 });
    expect(await model.updateOne({ _id: 'c2', version: op({ $lt: 5 }) }, { $set: { version: 5, count: 0, status: 'NEW' } }, { upsert: true })).toMatchObject({ upsertedCount: 1 });
    expect(await model.find({}).sort({ _id: 1 }).lean()).toMatchObject([{ _id: 'c1', count: 3 }, { _id: 'c2', version: 5, status: 'NEW' }]);
    expect(filtersSent.map((f) => Object.keys(f.filter).sort())).toEqual([['_id', 'status'], ['_id', 'version']]);
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
});
