import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, isAlive } from '../src/processes';

const cli = path.join(__dirname, '..', 'dist', 'cli.js');

/** The CLI as a user runs it, without the addresses the test run itself was given. */
function runCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const base = { ...process.env };
  delete base.MONGO_URL;
  delete base.KAFKA_BROKERS;
  const result = spawnSync('node', [cli, ...args], { env: { ...base, ...env }, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('bad settings fail fast and name the variable', () => {
  it('stops at once when MONGO_URL is not a connection string', () => {
    const result = runCli(['run', '--', 'true'], { MONGO_URL: 'nonsense' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('MONGO_URL');
    expect(result.stderr).toContain('"nonsense"');
    // it exited by itself (a hang would end in spawnSync's timeout, with no exit code)
  });

  it('stops when KAFKA_BROKERS is not a host:port list', () => {
    const result = runCli(['run', '--', 'true'], { KAFKA_BROKERS: 'kafka' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('KAFKA_BROKERS: "kafka" is not host:port');
  });

  it('says which server named by MONGO_URL does not answer', async () => {
    const port = await freePort();
    const result = runCli(['run', '--', 'true'], { MONGO_URL: `mongodb://127.0.0.1:${port}/` });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`MONGO_URL: mongodb://127.0.0.1:${port}/ is not reachable`));
  });

  it('runs the command with the servers named by the environment, starting none', () => {
    const result = runCli(['run', '--', 'sh', '-c', 'echo "$MONGO_URL $KAFKA_BROKERS"'], {
      MONGO_URL: process.env.MONGO_URL,
      KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(`${process.env.MONGO_URL} ${process.env.KAFKA_BROKERS}`);
    expect(result.stderr).toContain('MONGO_URL from the environment');
    expect(result.stderr).not.toContain('local Kafka');
  });
});

describe('infra:up, infra:status and infra:down', () => {
  let stateDir: string;
  let env: NodeJS.ProcessEnv;
  let blocker: net.Server;
  let busyPort: number;

  beforeAll(async () => {
    stateDir = mkdtempSync(path.join(os.tmpdir(), 'performa-cli-test-'));
    // the preferred Mongo port is taken by someone else: up must pick another one and say so
    busyPort = await freePort();
    blocker = net.createServer().listen(busyPort, '127.0.0.1');
    env = { PERFORMA_STATE_DIR: stateDir, PERFORMA_MONGO_PORT: String(busyPort), PERFORMA_KAFKA_PORT: String(await freePort()) };
  });
  afterAll(async () => {
    runCli(['down'], env);
    blocker.close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('starts both servers, reports them healthy with their addresses, and stops them', () => {
    const up = runCli(['up'], env);
    expect(up.code).toBe(0);
    expect(up.stderr).toContain(`port ${busyPort} for FerretDB is busy`);
    const mongoUrl = /MONGO_URL=(\S+)/.exec(up.stdout)?.[1];
    const kafka = /KAFKA_BROKERS=(\S+)/.exec(up.stdout)?.[1];
    expect(mongoUrl).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
    expect(kafka).toBe(`127.0.0.1:${env.PERFORMA_KAFKA_PORT}`);

    const status = runCli(['status'], env);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(new RegExp(`ferretdb\\s+healthy\\s+${new URL(mongoUrl as string).host}`));
    expect(status.stdout).toMatch(new RegExp(`kafka\\s+healthy\\s+${kafka}`));

    const state = JSON.parse(readFileSync(path.join(stateDir, 'state.json'), 'utf8')) as { ferretdb: { pid: number }; kafka: { pid: number } };
    const again = runCli(['up'], env);
    expect(again.stderr).toContain(`FerretDB already running (pid ${state.ferretdb.pid})`);

    const down = runCli(['down'], env);
    expect(down.code).toBe(0);
    expect(isAlive(state.ferretdb.pid)).toBe(false);
    expect(isAlive(state.kafka.pid)).toBe(false);
    const after = runCli(['status'], env);
    expect(after.code).toBe(1);
    expect(after.stdout).toMatch(/ferretdb\s+stopped/);
    expect(after.stdout).toMatch(/kafka\s+stopped/);
  });

  it('forgets a stale pid file and starts fresh servers', () => {
    writeFileSync(path.join(stateDir, 'state.json'), JSON.stringify({ ferretdb: { pid: 999_999, port: 1 }, kafka: { pid: 999_998, port: 2, controllerPort: 3 } }));
    const up = runCli(['up'], env);
    expect(up.code).toBe(0);
    expect(up.stderr).toContain('stale pid file for ferretdb: pid 999999 is gone');
    expect(up.stderr).toContain('stale pid file for kafka: pid 999998 is gone');
    expect(runCli(['status'], env).code).toBe(0);
    expect(runCli(['down'], env).code).toBe(0);
  });
});

describe('a crashed test run', () => {
  it('has its leftover servers stopped and its folder removed by the next run', async () => {
    // a run folder whose owner (a pid that cannot exist) died, and a "server" that names the folder
    const dir = mkdtempSync(path.join(os.tmpdir(), 'performa-run-999997-'));
    const leftover = spawn('sh', ['-c', 'sleep 300', dir], { detached: true, stdio: 'ignore' });
    leftover.unref();
    writeFileSync(path.join(dir, 'pids.json'), JSON.stringify({ owner: 999_997, pids: [leftover.pid] }));

    const result = runCli(['run', '--', 'true'], { MONGO_URL: process.env.MONGO_URL });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`stopping pid ${leftover.pid}, left running by a crashed run`);
    expect(existsSync(dir)).toBe(false);
    expect(isAlive(leftover.pid as number)).toBe(false);
  });
});
