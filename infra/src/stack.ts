import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { devDown, devUp } from './dev';
import { pingKafka, pingMongo } from './health';
import type { InfraLog } from './log';
import { infraPaths, repoRoot } from './paths';
import { stopProcess } from './processes';
import { parseKafkaBrokers, parseMongoUrl } from './settings';

/** The processes `npm start` runs, in start order; the gateway last, once its subgraphs are ready. */
export interface ProcessSpec {
  name: string;
  /** the script, relative to the repository root */
  main: string;
  port: number;
  env: Record<string, string>;
  /** the path that answers 200 once the process can take traffic */
  readyPath: '/ready' | '/health';
}

export function stackProcesses(env: NodeJS.ProcessEnv): ProcessSpec[] {
  const port = (name: string, fallback: number) => Number(env[`${name}_PORT`] ?? fallback);
  const hrPort = port('HR', 4001);
  const strategyPort = port('STRATEGY', 4002);
  const financePort = port('FINANCE', 4003);
  const scorecardPort = port('SCORECARD', 4004);
  const notificationsPort = port('NOTIFICATIONS', 4005);
  // each service owns its database: performa_hr, …; a test run gives its own prefix
  const db = (name: string) => `${env.MONGO_DB_PREFIX ?? 'performa_'}${name}`;
  return [
    { name: 'hr', main: 'services/hr/dist/main.js', port: hrPort, env: { MONGO_DB: db('hr') }, readyPath: '/ready' },
    { name: 'strategy', main: 'services/strategy/dist/main.js', port: strategyPort, env: { MONGO_DB: db('strategy') }, readyPath: '/ready' },
    { name: 'finance', main: 'services/finance/dist/main.js', port: financePort, env: { MONGO_DB: db('finance') }, readyPath: '/ready' },
    { name: 'scorecard', main: 'services/scorecard/dist/main.js', port: scorecardPort, env: { MONGO_DB: db('scorecard') }, readyPath: '/ready' },
    { name: 'notifications', main: 'services/notifications/dist/main.js', port: notificationsPort, env: { MONGO_DB: db('notifications') }, readyPath: '/ready' },
    {
      name: 'gateway',
      main: 'gateway/dist/main.js',
      port: port('GATEWAY', 4000),
      env: { HR_URL: `http://127.0.0.1:${hrPort}/graphql`, STRATEGY_URL: `http://127.0.0.1:${strategyPort}/graphql`, FINANCE_URL: `http://127.0.0.1:${financePort}/graphql`, SCORECARD_URL: `http://127.0.0.1:${scorecardPort}/graphql`,
        NOTIFICATIONS_URL: `http://127.0.0.1:${notificationsPort}/graphql`,
      },
      readyPath: '/health',
    },
  ];
}

interface Running {
  spec: ProcessSpec;
  child: ChildProcess;
  logFile: string;
  exited?: string;
}

async function waitReady(proc: Running, timeoutMs: number): Promise<void> {
  const url = `http://127.0.0.1:${proc.spec.port}${proc.spec.readyPath}`;
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (proc.exited) throw new Error(`${proc.spec.name} exited (${proc.exited}) before it was ready:\n${tail(proc.logFile)}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${proc.spec.name} was not ready at ${url} within ${timeoutMs / 1000} s (${last}):\n${tail(proc.logFile)}`);
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export interface StartedStack {
  gatewayUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts the whole system as `npm start` does: the infrastructure (MONGO_URL / KAFKA_BROKERS if
 * set, else the local servers), then every service and the gateway, each waited for until ready.
 * `stop()` ends every process this call started, and the infrastructure too if it started it.
 */
export async function startStack(env: NodeJS.ProcessEnv, log: InfraLog): Promise<StartedStack> {
  const paths = infraPaths(env);
  let mongoUrl: string;
  let kafkaBrokers: string[];
  let startedInfra = false;
  if (env.MONGO_URL && env.KAFKA_BROKERS) {
    mongoUrl = parseMongoUrl(env.MONGO_URL);
    kafkaBrokers = parseKafkaBrokers(env.KAFKA_BROKERS);
    await Promise.all([pingMongo(mongoUrl, 5_000), pingKafka(kafkaBrokers, 5_000)]);
    log.info('using MONGO_URL and KAFKA_BROKERS from the environment');
  } else {
    log.info('starting local Kafka and FerretDB (data in .performa/; set MONGO_URL and KAFKA_BROKERS to use other servers)');
    const infra = await devUp(paths, log, env, { detached: false });
    startedInfra = infra.started.length > 0;
    mongoUrl = infra.mongoUrl;
    kafkaBrokers = infra.kafkaBrokers;
  }
  const logsDir = path.join(paths.stateDir, 'logs');
  mkdirSync(logsDir, { recursive: true });
  const running: Running[] = [];
  const stop = async () => {
    for (const proc of [...running].reverse()) {
      if (proc.child.pid && !proc.exited) await stopProcess(proc.child.pid, 15_000);
    }
    running.length = 0;
    if (startedInfra) await devDown(paths, log);
  };
  try {
    for (const spec of stackProcesses(env)) {
      const logFile = path.join(logsDir, `${spec.name}.log`);
      const fd = openSync(logFile, 'a');
      const child = spawn(process.execPath, [path.join(repoRoot, spec.main)], {
        cwd: repoRoot,
        stdio: ['ignore', fd, fd],
        env: {
          ...env,
          MONGO_URL: mongoUrl,
          KAFKA_BROKERS: kafkaBrokers.join(','),
          JWT_SECRET: env.JWT_SECRET ?? 'performa-dev-secret-change-me',
          LOG_LEVEL: env.LOG_LEVEL ?? 'info',
          ...spec.env,
          PORT: String(spec.port),
        },
      });
      closeSync(fd);
      const proc: Running = { spec, child, logFile };
      child.on('exit', (code, signal) => (proc.exited = String(code ?? signal)));
      running.push(proc);
      log.info(`${spec.name}: starting on 127.0.0.1:${spec.port} (log: ${path.relative(process.cwd(), logFile)})`);
      await waitReady(proc, 90_000);
      log.info(`${spec.name}: ready`);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  const gateway = running.find((r) => r.spec.name === 'gateway');
  return { gatewayUrl: `http://127.0.0.1:${gateway?.spec.port ?? 4000}/graphql`, stop };
}
