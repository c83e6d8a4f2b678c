#!/usr/bin/env node
import { spawn } from 'node:child_process';
import { devDown, devStatus, devUp } from './dev';
import { consoleLog as log } from './log';
import { infraPaths } from './paths';
import { provideInfrastructure, redact } from './provider';
import { InfraConfigError } from './settings';
import { startStack } from './stack';
import { devToken } from './dev-token';

const usage = `usage: performa-infra <command>
  up [--foreground]   start local Kafka and FerretDB (kept running; data in .performa/)
  down                stop them (data is kept)
  status              show whether each is running and healthy, with its address
  start               start the infrastructure, every service and the gateway (Ctrl-C stops them)
  run -- <cmd…>       provide throwaway infrastructure (env → Docker → local), run <cmd> with
                      MONGO_URL and KAFKA_BROKERS set, then stop everything it started`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const paths = infraPaths();
  switch (command) {
    case 'up': {
      const foreground = rest.includes('--foreground');
      const infra = await devUp(paths, log, process.env, { detached: !foreground });
      process.stdout.write(`MONGO_URL=${infra.mongoUrl}\nKAFKA_BROKERS=${infra.kafkaBrokers.join(',')}\n`);
      if (!foreground) return 0;
      log.info('press Ctrl-C to stop');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await devDown(paths, log);
      return 0;
    }
    case 'start': {
      const stack = await startStack(process.env, log);
      const admin = await devToken();
      process.stdout.write(
        [
          '',
          `Performa is running: ${stack.gatewayUrl}`,
          '',
          'A token (ADMIN, 8 hours):',
          `  ${admin}`,
          'Others: npm run token -- --role MANAGER --unit <org unit id> [--sub <employee id>]',
          '',
          'Try:',
          `  curl -s ${stack.gatewayUrl} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\`,
          `    -d '{"query":"{ orgUnits(kind: BOARD) { id name } }"}'`,
          '',
          'Ctrl-C stops everything started here.',
          '',
        ].join('\n'),
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      log.info('stopping');
      await stack.stop();
      return 0;
    }
    case 'down':
      await devDown(paths, log);
      return 0;
    case 'status': {
      const servers = await devStatus(paths);
      for (const s of servers) {
        const state = s.healthy ? 'healthy' : s.running ? 'unhealthy' : 'stopped';
        process.stdout.write(`${s.name.padEnd(9)} ${state.padEnd(9)} ${s.address ?? ''}${s.pid ? ` (pid ${s.pid})` : ''}${s.detail ? ` — ${s.detail}` : ''}\n`);
      }
      return servers.every((s) => s.healthy) ? 0 : 1;
    }
    case 'run': {
      const cmd = rest[0] === '--' ? rest.slice(1) : rest;
      if (cmd.length === 0) throw new Error(usage);
      return runWithInfrastructure(cmd);
    }
    default:
      process.stderr.write(`${usage}\n`);
      return command ? 2 : 0;
  }
}

async function runWithInfrastructure(cmd: string[]): Promise<number> {
  const infra = await provideInfrastructure({ log });
  let stopping = false;
  const child = spawn(cmd[0] as string, cmd.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, MONGO_URL: infra.mongoUrl, KAFKA_BROKERS: infra.kafkaBrokers.join(',') },
  });
  const forward = (signal: NodeJS.Signals) => {
    stopping = true;
    child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const code = await new Promise<number>((resolve) => {
    child.on('error', (error) => {
      log.warn(`could not run ${cmd.join(' ')}: ${error.message}`);
      resolve(127);
    });
    child.on('close', (exitCode, signal) => resolve(exitCode ?? (signal ? 128 + 2 : 1)));
  });
  log.info(`${stopping ? 'interrupted; ' : ''}stopping the infrastructure this run started (MongoDB ${redact(infra.mongoUrl)}, Kafka ${infra.kafkaBrokers.join(',')})`);
  await infra.stop();
  return code;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof InfraConfigError) log.warn(`bad setting ${error.message}`);
    else log.warn(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
