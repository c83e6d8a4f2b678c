import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { dockerEngine, kafkaContainer, mongoContainer } from './docker';
import { pingKafka, pingMongo, waitUntil } from './health';
import { ensureFerretDb, ensureKafka } from './install';
import { startFerretDb, startKafka, type Spawned } from './local';
import { consoleLog, type InfraLog } from './log';
import { infraPaths, runDirPrefix } from './paths';
import { freePort, stopProcess } from './processes';
import { cleanCrashedRuns, recordRunPids } from './run-dirs';
import { InfraConfigError, parseKafkaBrokers, parseMongoUrl } from './settings';

export type ProviderName = 'environment' | 'testcontainers' | 'local';

export interface Infrastructure {
  mongoUrl: string;
  kafkaBrokers: string[];
  provider: { mongo: ProviderName; kafka: ProviderName };
  /** Stops whatever this call started; servers named by the environment are left alone. */
  stop(): Promise<void>;
}

export interface ProvideOptions {
  env?: NodeJS.ProcessEnv;
  log?: InfraLog;
}

/**
 * Picks the infrastructure in the order DESIGN.md gives: MONGO_URL / KAFKA_BROKERS from the
 * environment → a reachable Docker engine with testcontainers → Kafka and FerretDB binaries
 * installed into the local cache. Everything it starts is throwaway and removed by `stop()`.
 */
export async function provideInfrastructure(options: ProvideOptions = {}): Promise<Infrastructure> {
  const env = options.env ?? process.env;
  const log = options.log ?? consoleLog;
  const started = Date.now();

  // validate what the environment names before starting anything, so a typo fails in milliseconds
  const envMongo = env.MONGO_URL !== undefined ? parseMongoUrl(env.MONGO_URL) : undefined;
  const envKafka = env.KAFKA_BROKERS !== undefined ? parseKafkaBrokers(env.KAFKA_BROKERS) : undefined;
  if (envMongo) {
    await pingMongo(envMongo, 5_000).catch((error: Error) => {
      throw new InfraConfigError('MONGO_URL', `${envMongo} is not reachable: ${error.message}`);
    });
    log.info(`MongoDB: ${redact(envMongo)} (MONGO_URL from the environment)`);
  }
  if (envKafka) {
    await pingKafka(envKafka, 5_000).catch((error: Error) => {
      throw new InfraConfigError('KAFKA_BROKERS', `${envKafka.join(',')} is not reachable: ${error.message}`);
    });
    log.info(`Kafka: ${envKafka.join(',')} (KAFKA_BROKERS from the environment)`);
  }
  if (envMongo && envKafka) {
    return { mongoUrl: envMongo, kafkaBrokers: envKafka, provider: { mongo: 'environment', kafka: 'environment' }, stop: async () => undefined };
  }

  const docker = await dockerEngine(env);
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    await Promise.all(stops.splice(0).map((s) => s().catch((e: Error) => log.warn(e.message))));
  };
  try {
    let mongoUrl = envMongo;
    let kafkaBrokers = envKafka;
    let provider: ProviderName;
    if (docker.reachable) {
      provider = 'testcontainers';
      log.info(`a Docker engine answers at ${docker.where}: starting the missing servers with testcontainers`);
      const [mongo, kafka] = await Promise.all([mongoUrl ? undefined : mongoContainer(log), kafkaBrokers ? undefined : kafkaContainer(log)]);
      if (mongo) {
        stops.push(mongo.stop);
        mongoUrl = mongo.url;
      }
      if (kafka) {
        stops.push(kafka.stop);
        kafkaBrokers = [kafka.url];
      }
    } else {
      provider = 'local';
      log.info(`no Docker engine at ${docker.where}: using local Kafka and FerretDB binaries`);
      const local = await startLocalRun({ mongo: !mongoUrl, kafka: !kafkaBrokers }, env, log);
      stops.push(local.stop);
      mongoUrl ??= local.mongoUrl;
      kafkaBrokers ??= local.kafkaBrokers;
    }
    if (!mongoUrl || !kafkaBrokers) throw new Error('no infrastructure could be provided');
    log.info(`infrastructure ready in ${((Date.now() - started) / 1000).toFixed(1)} s (MongoDB ${redact(mongoUrl)}, Kafka ${kafkaBrokers.join(',')})`);
    return {
      mongoUrl,
      kafkaBrokers,
      provider: { mongo: envMongo ? 'environment' : provider, kafka: envKafka ? 'environment' : provider },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

interface LocalRun {
  mongoUrl?: string;
  kafkaBrokers?: string[];
  stop(): Promise<void>;
}

/** Throwaway local servers on free ports, with data in a temporary folder removed on stop. */
async function startLocalRun(need: { mongo: boolean; kafka: boolean }, env: NodeJS.ProcessEnv, log: InfraLog): Promise<LocalRun> {
  const paths = infraPaths(env);
  await cleanCrashedRuns(log);
  // install both before starting either: each takes a core on this 2-core machine
  await Promise.all([need.kafka ? ensureKafka(paths, log) : undefined, need.mongo ? ensureFerretDb(paths, log) : undefined]);
  const dir = mkdtempSync(`${runDirPrefix}${process.pid}-`);
  const servers: Spawned[] = [];
  const stop = async () => {
    // throwaway servers whose data is deleted next: no need for a graceful shutdown
    await Promise.all(servers.flatMap((s) => [s.pid, ...(s.helpers ?? [])]).map((pid) => stopProcess(pid, 0)));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const result: LocalRun = { stop };
    const waits: Promise<void>[] = [];
    if (need.mongo) {
      const port = await freePort();
      const ferret = startFerretDb(paths, path.join(dir, 'ferretdb'), port, { detached: false, logFile: path.join(dir, 'ferretdb.log') });
      servers.push(ferret);
      result.mongoUrl = `mongodb://127.0.0.1:${port}/`;
      waits.push(waitUntil(`FerretDB on 127.0.0.1:${port}`, () => pingMongo(result.mongoUrl as string, 1_000), 30_000, ferret.exited));
    }
    if (need.kafka) {
      const ports = { port: await freePort(), controllerPort: await freePort() };
      const kafka = await startKafka(paths, path.join(dir, 'kafka'), ports, { detached: false, logFile: path.join(dir, 'kafka.log') });
      servers.push(kafka);
      result.kafkaBrokers = [`127.0.0.1:${ports.port}`];
      waits.push(waitUntil(`Kafka on 127.0.0.1:${ports.port}`, () => pingKafka(result.kafkaBrokers as string[], 1_000), 90_000, kafka.exited));
    }
    recordRunPids(dir, servers.flatMap((s) => [s.pid, ...(s.helpers ?? [])]));
    await Promise.all(waits);
    return result;
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Connection strings may carry a password; logs never do. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
}
