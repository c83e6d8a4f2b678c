import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { repoRoot, type InfraPaths } from './paths';

export interface Spawned {
  child: ChildProcess;
  pid: number;
  /** Why it died, if it already has: so a failed start reports the process's own words. */
  exited(): string | undefined;
  /** processes that serve this one and are stopped with it (FerretDB's _id indexer) */
  helpers?: number[];
}

interface SpawnOptions {
  /** detached servers outlive the CLI that started them (`infra:up`); attached ones die with a Ctrl-C */
  detached: boolean;
  logFile: string;
}

function spawnServer(command: string, args: string[], options: SpawnOptions): Spawned {
  const log = openSync(options.logFile, 'a');
  const child = spawn(command, args, { detached: options.detached, stdio: ['ignore', log, log] });
  closeSync(log);
  let exit: string | undefined;
  child.on('exit', (code, signal) => (exit = `exit code ${code ?? signal}; see ${options.logFile}`));
  child.on('error', (error) => (exit = error.message));
  if (options.detached) child.unref();
  if (!child.pid) throw new Error(`could not start ${command}; see ${options.logFile}`);
  return { child, pid: child.pid, exited: () => exit };
}

export function startFerretDb(paths: InfraPaths, dataDir: string, port: number, options: SpawnOptions): Spawned {
  mkdirSync(dataDir, { recursive: true });
  const ferret = spawnServer(
    paths.ferretdbBin,
    [
      '--handler=sqlite',
      `--sqlite-url=file:${dataDir}/`,
      `--state-dir=${dataDir}`,
      `--listen-addr=127.0.0.1:${port}`,
      // without this every instance claims 127.0.0.1:8088
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=warn',
    ],
    options,
  );
  const indexer = startIdIndexer(dataDir, ferret, options);
  return { ...ferret, helpers: indexer ? [indexer] : [] };
}

/**
 * FerretDB 1.24 looks documents up by _id with an expression its own _id index does not match, so
 * every lookup reads the whole table (see ferretdb/id_index.py). The indexer adds the index that
 * matches, to every collection, for as long as this FerretDB runs: python3 and its sqlite3 module
 * are on every machine this project runs FerretDB on. Without it FerretDB still works, slowly.
 */
function startIdIndexer(dataDir: string, ferret: Spawned, options: SpawnOptions): number | undefined {
  const log = openSync(options.logFile, 'a');
  const indexer = spawn('python3', [path.join(repoRoot, 'infra', 'ferretdb', 'id_index.py'), dataDir, String(ferret.pid)], { detached: options.detached, stdio: ['ignore', log, log] });
  closeSync(log);
  indexer.on('error', (error) => writeFileSync(options.logFile, `[performa] the _id indexer did not start (${error.message}); FerretDB reads whole tables to find a document by _id\n`, { flag: 'a' }));
  if (options.detached) indexer.unref();
  // it leaves by itself within half a second once FerretDB is gone; whoever stops FerretDB stops
  // its helpers too, so nothing outlives a stop
  else ferret.child.on('exit', () => indexer.kill());
  return indexer.pid;
}

export interface KafkaPorts {
  port: number;
  controllerPort: number;
}

/** Writes a single-node KRaft config tuned for tests and formats the storage on first start. */
async function prepareKafka(paths: InfraPaths, dataDir: string, ports: KafkaPorts): Promise<{ config: string; log4j: string }> {
  mkdirSync(dataDir, { recursive: true });
  const logDir = path.join(dataDir, 'data');
  const config = path.join(dataDir, 'server.properties');
  writeFileSync(
    config,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${ports.controllerPort}`,
      `listeners=PLAINTEXT://127.0.0.1:${ports.port},CONTROLLER://127.0.0.1:${ports.controllerPort}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${ports.port}`,
      'controller.listener.names=CONTROLLER',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      'inter.broker.listener.name=PLAINTEXT',
      `log.dirs=${logDir}`,
      // services create their own topics; a typo in a topic name should fail, not create a topic
      'auto.create.topics.enable=false',
      'num.partitions=1',
      'offsets.topic.replication.factor=1',
      'offsets.topic.num.partitions=5',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'transaction.state.log.num.partitions=5',
      // consumers in tests join at once instead of waiting 3 s for more members
      'group.initial.rebalance.delay.ms=0',
      'group.min.session.timeout.ms=1000',
      'log.retention.hours=-1',
      'delete.topic.enable=true',
      '',
    ].join('\n'),
  );
  const log4j = path.join(dataDir, 'log4j.properties');
  writeFileSync(
    log4j,
    [
      'log4j.rootLogger=WARN, stdout',
      'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
      'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
      '',
    ].join('\n'),
  );
  if (!existsSync(path.join(logDir, 'meta.properties'))) {
    // the =-form: a random id may start with '-', which argparse would take for an option
    await runJava(paths, ['kafka.tools.StorageTool', 'format', `--cluster-id=${kafkaClusterId()}`, '--config', config], log4j);
  }
  return { config, log4j };
}

// a KRaft cluster id is 16 random bytes in URL-safe base64 without padding
function kafkaClusterId(): string {
  return Buffer.from(randomUUID().replace(/-/g, ''), 'hex').toString('base64url');
}

function javaArgs(paths: InfraPaths, log4j: string): string[] {
  return ['-Xms128m', '-Xmx512m', '-XX:+ExitOnOutOfMemoryError', '-Djava.awt.headless=true', `-Dlog4j.configuration=file:${log4j}`, '-cp', path.join(paths.kafkaLibs, '*')];
}

function runJava(paths: InfraPaths, args: string[], log4j: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('java', [...javaArgs(paths, log4j), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (error) => reject(new Error(`could not run java: ${error.message} (JDK 17 needed on PATH)`)));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`kafka storage format failed (${code}): ${output.slice(-2000)}`))));
  });
}

export async function startKafka(paths: InfraPaths, dataDir: string, ports: KafkaPorts, options: SpawnOptions): Promise<Spawned> {
  const { config, log4j } = await prepareKafka(paths, dataDir, ports);
  return spawnServer('java', [...javaArgs(paths, log4j), 'kafka.Kafka', config], options);
}
