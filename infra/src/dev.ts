import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pingKafka, pingMongo, waitUntil } from './health';
import { ensureFerretDb, ensureKafka } from './install';
import { startFerretDb, startKafka, type Spawned } from './local';
import { type InfraLog } from './log';
import { type InfraPaths } from './paths';
import { commandLine, freePort, isAlive, isPortFree, pidListeningOn, stopProcess } from './processes';

/**
 * The long-lived local infrastructure of `npm run infra:up` and `npm start`: fixed ports when free,
 * data kept in the state folder between starts, pids and ports in state.json.
 */
export interface DevState {
  ferretdb?: { pid: number; port: number; helpers?: number[] };
  kafka?: { pid: number; port: number; controllerPort: number };
}

export interface DevInfrastructure {
  mongoUrl: string;
  kafkaBrokers: string[];
}

const stateFile = (paths: InfraPaths) => path.join(paths.stateDir, 'state.json');

function readState(paths: InfraPaths): DevState {
  try {
    return JSON.parse(readFileSync(stateFile(paths), 'utf8')) as DevState;
  } catch {
    return {};
  }
}

function writeState(paths: InfraPaths, state: DevState): void {
  mkdirSync(paths.stateDir, { recursive: true });
  writeFileSync(stateFile(paths), `${JSON.stringify(state, null, 2)}\n`);
}

/** Ours when alive and its command line names our state folder; a recycled pid is not ours. */
function ours(paths: InfraPaths, pid: number | undefined): boolean {
  return pid !== undefined && isAlive(pid) && (commandLine(pid)?.includes(paths.stateDir) ?? false);
}

/** Drops pid entries whose process is gone or is no longer ours, and says so. */
function pruneStale(paths: InfraPaths, state: DevState, log: InfraLog): DevState {
  const next: DevState = { ...state };
  for (const name of ['ferretdb', 'kafka'] as const) {
    const entry = state[name];
    if (entry && !ours(paths, entry.pid)) {
      log.warn(`stale pid file for ${name}: pid ${entry.pid} ${isAlive(entry.pid) ? 'now belongs to another program' : 'is gone'}; forgetting it`);
      delete next[name];
    }
  }
  return next;
}

/**
 * A preferred port, or another one if it is busy. A leftover server of ours (started from this
 * state folder but missing from state.json) is stopped first; anyone else's port is left alone.
 */
async function choosePort(paths: InfraPaths, preferred: number, what: string, log: InfraLog): Promise<number> {
  if (await isPortFree(preferred)) return preferred;
  const holder = pidListeningOn(preferred);
  if (holder && ours(paths, holder)) {
    log.warn(`port ${preferred} is held by pid ${holder}, a ${what} left over from an earlier start; stopping it`);
    await stopProcess(holder);
    if (await isPortFree(preferred)) return preferred;
  }
  const port = await freePort();
  const who = holder ? `pid ${holder} (${(commandLine(holder) ?? '?').slice(0, 80)})` : 'another program';
  log.warn(`port ${preferred} for ${what} is busy (${who}); using 127.0.0.1:${port} instead`);
  return port;
}

export async function devUp(paths: InfraPaths, log: InfraLog, env: NodeJS.ProcessEnv, options: { detached: boolean }): Promise<DevInfrastructure & { started: Spawned[] }> {
  const began = Date.now();
  let state = pruneStale(paths, readState(paths), log);
  await Promise.all([ensureKafka(paths, log), ensureFerretDb(paths, log)]);
  const started: Spawned[] = [];
  const logsDir = path.join(paths.stateDir, 'logs');
  mkdirSync(logsDir, { recursive: true });

  if (state.ferretdb) {
    log.info(`FerretDB already running (pid ${state.ferretdb.pid}) on 127.0.0.1:${state.ferretdb.port}`);
  } else {
    const port = await choosePort(paths, Number(env.PERFORMA_MONGO_PORT ?? 27017), 'FerretDB', log);
    const ferret = startFerretDb(paths, path.join(paths.stateDir, 'ferretdb'), port, { detached: options.detached, logFile: path.join(logsDir, 'ferretdb.log') });
    started.push(ferret);
    state = { ...state, ferretdb: { pid: ferret.pid, port, helpers: ferret.helpers } };
    writeState(paths, state);
  }
  if (state.kafka) {
    log.info(`Kafka already running (pid ${state.kafka.pid}) on 127.0.0.1:${state.kafka.port}`);
  } else {
    const port = await choosePort(paths, Number(env.PERFORMA_KAFKA_PORT ?? 9092), 'Kafka', log);
    const controllerPort = await choosePort(paths, port + 1, 'the Kafka controller', log);
    const kafka = await startKafka(paths, path.join(paths.stateDir, 'kafka'), { port, controllerPort }, { detached: options.detached, logFile: path.join(logsDir, 'kafka.log') });
    started.push(kafka);
    state = { ...state, kafka: { pid: kafka.pid, port, controllerPort } };
    writeState(paths, state);
  }
  const ferretdb = state.ferretdb as NonNullable<DevState['ferretdb']>;
  const kafka = state.kafka as NonNullable<DevState['kafka']>;
  const mongoUrl = `mongodb://127.0.0.1:${ferretdb.port}/`;
  const kafkaBrokers = [`127.0.0.1:${kafka.port}`];
  const deathOf = (pid: number) => () => started.find((s) => s.pid === pid)?.exited();
  await Promise.all([
    waitUntil(`FerretDB on 127.0.0.1:${ferretdb.port}`, () => pingMongo(mongoUrl, 1_000), 30_000, deathOf(ferretdb.pid)),
    waitUntil(`Kafka on 127.0.0.1:${kafka.port}`, () => pingKafka(kafkaBrokers, 1_000), 90_000, deathOf(kafka.pid)),
  ]);
  log.info(`infrastructure ready in ${((Date.now() - began) / 1000).toFixed(1)} s: MongoDB ${mongoUrl} · Kafka ${kafkaBrokers.join(',')}`);
  return { mongoUrl, kafkaBrokers, started };
}

export async function devDown(paths: InfraPaths, log: InfraLog): Promise<void> {
  const state = pruneStale(paths, readState(paths), log);
  for (const name of ['kafka', 'ferretdb'] as const) {
    const entry = state[name];
    if (!entry) continue;
    log.info(`stopping ${name} (pid ${entry.pid})`);
    await stopProcess(entry.pid);
    // FerretDB's _id indexer leaves with it anyway; stopped here so nothing outlives `down`
    for (const helper of ('helpers' in entry ? (entry.helpers ?? []) : [])) if (ours(paths, helper)) await stopProcess(helper);
  }
  if (existsSync(stateFile(paths))) rmSync(stateFile(paths));
  log.info('infrastructure stopped (data kept in ' + paths.stateDir + ')');
}

export interface ServerStatus {
  name: string;
  running: boolean;
  healthy: boolean;
  address?: string;
  pid?: number;
  detail?: string;
}

export async function devStatus(paths: InfraPaths): Promise<ServerStatus[]> {
  const state = readState(paths);
  const ferret = state.ferretdb;
  const kafka = state.kafka;
  const check = async (name: string, entry: { pid: number; port: number } | undefined, ping: (address: string) => Promise<unknown>): Promise<ServerStatus> => {
    if (!entry) return { name, running: false, healthy: false, detail: 'not started' };
    const address = `127.0.0.1:${entry.port}`;
    if (!ours(paths, entry.pid)) return { name, running: false, healthy: false, address, pid: entry.pid, detail: 'stale pid file: the process is gone' };
    try {
      await ping(address);
      return { name, running: true, healthy: true, address, pid: entry.pid };
    } catch (error) {
      return { name, running: true, healthy: false, address, pid: entry.pid, detail: (error as Error).message };
    }
  };
  return Promise.all([
    check('ferretdb', ferret, (a) => pingMongo(`mongodb://${a}/`, 2_000)),
    check('kafka', kafka, (a) => pingKafka([a], 2_000)),
  ]);
}
