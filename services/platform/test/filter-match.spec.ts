import { Types } from 'mongoose';
import { DocumentLocks } from '../src/store/id-lookups';
import { matchesFilter } from '../src/store/filter-match';

describe('matchesFilter (MongoDB filter semantics, in code)', () => {
  const when = new Date('2026-03-01T00:00:00Z');
  const id = new Types.ObjectId();
  const doc = { _id: 'u1', version: 3, status: 'DRAFT', latestMonth: null, months: ['2026-01', '2026-02'], lease: when, owner: id, nested: { code: 'A1' } };

  it('compares values for equality, null matching a missing field, an array matching an element', () => {
    expect(matchesFilter(doc, { version: 3, status: 'DRAFT' })).toBe(true);
    expect(matchesFilter(doc, { version: 4 })).toBe(false);
    expect(matchesFilter(doc, { latestMonth: null, missing: null })).toBe(true);
    expect(matchesFilter(doc, { months: '2026-02' })).toBe(true);
    expect(matchesFilter(doc, { months: '2026-03' })).toBe(false);
    expect(matchesFilter(doc, { lease: new Date(when.getTime()), owner: new Types.ObjectId(id.toHexString()) })).toBe(true);
    expect(matchesFilter(doc, { 'nested.code': 'A1' })).toBe(true);
  });

  it('knows the comparison operators, and compares only values of one type as MongoDB does', () => {
    expect(matchesFilter(doc, { version: { $lt: 4 } })).toBe(true);
    expect(matchesFilter(doc, { version: { $lte: 3, $gte: 3 } })).toBe(true);
    expect(matchesFilter(doc, { version: { $gt: 3 } })).toBe(false);
    expect(matchesFilter(doc, { version: { $eq: 3 }, status: { $ne: 'APPROVED' } })).toBe(true);
    expect(matchesFilter(doc, { latestMonth: { $lt: '2026-05' } })).toBe(false);
    expect(matchesFilter(doc, { version: { $lt: '4' } })).toBe(false);
    expect(matchesFilter(doc, { lease: { $lte: new Date(when.getTime() + 1) } })).toBe(true);
    expect(matchesFilter(doc, { status: { $in: ['DRAFT', 'APPROVED'] }, version: { $nin: [1, 2] } })).toBe(true);
    expect(matchesFilter(doc, { status: { $in: ['APPROVED'] } })).toBe(false);
    expect(matchesFilter(doc, { status: { $exists: true }, gone: { $exists: false } })).toBe(true);
    expect(matchesFilter(doc, { gone: { $exists: true } })).toBe(false);
  });

  it('combines with $or and $and', () => {
    expect(matchesFilter(doc, { $or: [{ latestMonth: null }, { latestMonth: { $lt: '2026-02' } }] })).toBe(true);
    expect(matchesFilter(doc, { $or: [{ version: 1 }, { status: 'APPROVED' }] })).toBe(false);
    expect(matchesFilter(doc, { $and: [{ version: 3 }, { status: 'DRAFT' }] })).toBe(true);
    expect(matchesFilter(doc, { $and: [{ version: 3 }, { status: 'APPROVED' }] })).toBe(false);
  });

  it('answers undefined for what it does not know, so the server decides', () => {
    expect(matchesFilter(doc, { status: { $regex: '^D' } })).toBeUndefined();
    expect(matchesFilter(doc, { $nor: [{ version: 1 }] })).toBeUndefined();
    expect(matchesFilter(doc, { nested: { code: 'A1' } })).toBeUndefined();
    expect(matchesFilter(doc, { 'months.0': '2026-01' })).toBeUndefined();
    expect(matchesFilter(doc, { version: 3, $or: [{ status: { $regex: 'x' } }] })).toBeUndefined();
  });
});

describe('DocumentLocks', () => {
  it('lets one holder per key in at a time, in the order they asked, and other keys past', async () => {
    const locks = new DocumentLocks();
    const order: string[] = [];
    const first = await locks.acquire('a');
    const second = locks.acquire('a').then((free) => {
      order.push('second');
      free();
    });
    const other = locks.acquire('b').then((free) => {
      order.push('other key');
      free();
    });
    await other;
    order.push('first done');
    first();
    await second;
    expect(order).toEqual(['other key', 'first done', 'second']);
    expect(locks.size).toBe(0);
  });

  it('lets go of a holder that never releases after its longest hold', async () => {
    const locks = new DocumentLocks(50);
    await locks.acquire('a');
    const started = Date.now();
    const next = await locks.acquire('a');
    next();
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});
