import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import { startFerretDb, type Spawned } from '../src/local';
import { infraPaths } from '../src/paths';
import { commandLine, freePort, stopProcess } from '../src/processes';
import { eventually } from '../src/testing';

/** What SQLite says about a statement over the table behind `collection` in `db`, asked through python3's sqlite3. */
function sqlite(dataDir: string, db: string, collection: string): { table: string | null; indexes: string[]; plan: string } {
  const script = `
import json, sqlite3, sys
con = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
row = con.execute("SELECT table_name FROM _ferretdb_collections WHERE name = ?", (sys.argv[2],)).fetchone()
table = row[0] if row else None
indexes = [r[0] for r in con.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?", (table,))] if table else []
# the statement FerretDB 1.24 sends for find({ _id })
plan = " ".join(r[3] for r in con.execute(f"EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM \\"{table}\\" WHERE _ferretdb_sjson->'$._id' = ?", ('"x"',))) if table else ""
print(json.dumps({"table": table, "indexes": indexes, "plan": plan}))
`;
  const run = spawnSync('python3', ['-c', script, path.join(dataDir, `${db}.sqlite`), collection], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as { table: string | null; indexes: string[]; plan: string };
}

describe("FerretDB's _id lookups", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'performa-id-index-'));
  let ferret: Spawned;
  let client: MongoClient;

  beforeAll(async () => {
    const port = await freePort();
    ferret = startFerretDb(infraPaths(), dataDir, port, { detached: false, logFile: path.join(dataDir, 'ferretdb.log') });
    client = new MongoClient(`mongodb://127.0.0.1:${port}/`, { serverSelectionTimeoutMS: 10_000 });
    await client.connect();
  });
  afterAll(async () => {
    await client?.close();
    if (ferret) await stopProcess(ferret.pid);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('use an index on the expression FerretDB looks _id up with, in every collection, new ones too', async () => {
    const employees = client.db('hr').collection<{ _id: string; n: number }>('employees');
    await employees.insertMany(Array.from({ length: 500 }, (_, n) => ({ _id: `e${n}`, n })));
    const indexed = await eventually(async () => sqlite(dataDir, 'hr', 'employees'), (s) => s.plan.includes('USING INDEX'), 'the indexer to index the new collection', 10_000);
    expect(indexed.plan).toMatch(/SEARCH .* USING INDEX performa_id__/);
    expect(indexed.indexes).toContain(`CREATE INDEX "performa_id__${indexed.table}" ON "${indexed.table}" (_ferretdb_sjson->'$._id')`);
    // FerretDB's own _id index is on another expression, which its lookups never use
    expect(indexed.indexes.some((sql) => sql.includes('->"_id"'))).toBe(true);

    // through the MongoDB protocol nothing shows: the index is SQLite's, not a collection index
    expect((await employees.listIndexes().toArray()).map((i) => i.name)).toEqual(['_id_']);
    expect(await employees.findOne({ _id: 'e42' })).toEqual({ _id: 'e42', n: 42 });
    await employees.updateOne({ _id: 'e42' }, { $set: { n: -42 } });
    expect(await employees.findOne({ _id: 'e42' })).toEqual({ _id: 'e42', n: -42 });
    await client.db('hr').dropCollection('employees');
    await client.db('hr').collection('employees').insertOne({ _id: 'again' } as never);
    expect(await client.db('hr').collection('employees').countDocuments()).toBe(1);
  });

  it('stop being indexed when FerretDB stops: the indexer leaves with it', async () => {
    const indexer = spawnSync('pgrep', ['-f', `id_index.py ${dataDir}`], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean).map(Number);
    expect(indexer).toHaveLength(1);
    // whoever stops FerretDB stops its helpers too (provider, infra down)
    expect(ferret.helpers).toEqual(indexer);
    await stopProcess(ferret.pid);
    await eventually(async () => commandLine(indexer[0] as number), (cmd) => cmd === undefined, 'the indexer to exit', 5_000);
  });
});
