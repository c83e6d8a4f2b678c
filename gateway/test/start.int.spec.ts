import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, spawnStart, testNamespace, type StartedSystem } from '@performa/infra';
import { gql } from './harness';

describe('npm start', () => {
  let started: StartedSystem;
  let stateDir: string;
  let output = '';
  const ports: Record<string, number> = {};

  beforeAll(async () => {
    const ns = testNamespace('npm-start');
    stateDir = mkdtempSync(path.join(os.tmpdir(), 'performa-start-test-'));
    ports.hr = await freePort();
    ports.gateway = await freePort();
    started = await spawnStart(
      ['--seed-size', 'none'],
      { ...process.env, PERFORMA_STATE_DIR: stateDir, KAFKA_TOPIC_PREFIX: ns.topicPrefix, MONGO_DB_PREFIX: `${ns.dbName}_`, HR_PORT: String(ports.hr), GATEWAY_PORT: String(ports.gateway), LOG_LEVEL: 'warn' },
      120_000,
    );
    output = started.output();
  });
  afterAll(() => {
    started?.child.kill('SIGKILL');
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('starts hr and the gateway, prints the URL and a token that works, and Ctrl-C stops them all', async () => {
    const url = `http://127.0.0.1:${ports.gateway}/graphql`;
    expect(output).toContain(`Performa is running: ${url}`);
    const token = /A token \(ADMIN, 8 hours\):\n\s+(\S+)/.exec(output)?.[1];
    expect(token).toBeDefined();

    const created = await gql<{ createOrgUnit: { name: string } }>(url, `mutation { createOrgUnit(input: { code: "START", name: "Startkommunen", kind: MUNICIPALITY }) { name } }`, {}, token);
    expect(created.data).toEqual({ createOrgUnit: { name: 'Startkommunen' } });
    expect((await fetch(`http://127.0.0.1:${ports.hr}/ready`)).status).toBe(200);

    expect(await started.stop()).toBe(0);
    await expect(fetch(`http://127.0.0.1:${ports.gateway}/health`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${ports.hr}/health`)).rejects.toThrow();
  });
});
