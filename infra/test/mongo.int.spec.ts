import mongoose, { Schema } from 'mongoose';
import { testNamespace } from '../src/testing';

const ns = testNamespace('infra-mongo');

interface Unit {
  code: string;
  name: string;
}

describe('the MongoDB-protocol server', () => {
  const connection = mongoose.createConnection(ns.mongoUrl, { serverSelectionTimeoutMS: 5_000 });
  const Units = connection.model<Unit>('Unit', new Schema<Unit>({ code: { type: String, required: true, unique: true }, name: String }));

  beforeAll(async () => {
    await connection.asPromise();
    await Units.init();
  });
  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('stores a document over the network and reads it back', async () => {
    await Units.create({ code: 'U1', name: 'Vallby preschool' });
    const found = await Units.findOne({ code: 'U1' }).lean();
    expect(found).toMatchObject({ code: 'U1', name: 'Vallby preschool' });
  });

  it('refuses a second document with the same unique code', async () => {
    await Units.create({ code: 'U2', name: 'First' });
    await expect(Units.create({ code: 'U2', name: 'Second' })).rejects.toMatchObject({ code: 11000 });
    expect(await Units.countDocuments({ code: 'U2' })).toBe(1);
  });
});
