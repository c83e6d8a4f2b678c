import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, testNamespace, withDeadline } from '@performa/infra';
import { gql } from './harness';

const cli = path.resolve(__dirname, '..', '..', 'infra', 'dist', 'cli.js');

describe('npm start', () => {
  let child: ChildProcess;
  let stateDir: string;
  let output = '';
  const ports: Record<string, number> = {};

  beforeAll(async () => {
    const ns = testNamespace('npm-start');
    stateDir = mkdtempSync(path.join(os.tmpdir(), 'performa-start-test-'));
    ports.hr = await freePort();
    ports.gateway = await freePort();
    child = spawn(process.execPath, [cli, 'start', '--seed-size', 'none'], {
      env: {
        ...process.env,
        PERFORMA_STATE_DIR: stateDir,
        KAFKA_TOPIC_PREFIX: ns.topicPrefix,
        MONGO_DB_PREFIX: `${ns.dbName}_`,
        HR_PORT: String(ports.hr),
        GATEWAY_PORT: String(ports.gateway),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    await withDeadline(
      new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => output.includes('Ctrl-C stops everything') && (clearInterval(timer), resolve()), 100);
        child.once('exit', (code) => (clearInterval(timer), reject(new Error(`npm start exited with ${code}:\n${output}`))));
      }),
      120_000,
      () => `npm start to print its banner; so far:\n${output}`,
    );
  });
  afterAll(() => {
    child?.kill('SIGKILL');
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

    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await withDeadline(exit, 60_000, () => `npm start to stop after Ctrl-C:\n${output}`)).toBe(0);
    await expect(fetch(`http://127.0.0.1:${ports.gateway}/health`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${ports.hr}/health`)).rejects.toThrow();
  });
});
