#!/usr/bin/env node
import { spawn } from 'node:child_process';
import { devDown, devStatus, devUp } from './dev';
import { consoleLog as log } from './log';
import { infraPaths } from './paths';
import { provideInfrastructure, redact } from './provider';
import { InfraConfigError } from './settings';
import { startStack } from './stack';
import { demoUsers } from './seed/demo-users';
import { SEED_SIZES, type SeedSize } from './seed/plan';
import { seedMunicipality } from './seed/seed';
import { signDemoToken } from './seed/token';
import { START_BANNER_END } from './npm-start';

const usage = `usage: performa-infra <command>
  up [--foreground]   start local Kafka and FerretDB (kept running; data in .performa/)
  down                stop them (data is kept)
  status              show whether each is running and healthy, with its address
  start [--seed-size full|small|none]
                      start the infrastructure, every service and the gateway (Ctrl-C stops them);
                      seed the demo municipality into empty databases (default full)
  seed [--seed-size full|small] [--url <gateway>]
                      seed a running system (GATEWAY_URL, default http://127.0.0.1:4000/graphql)
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
      const size = seedSize(rest, 'full');
      // Ctrl-C during the start or the seed stops everything too, not only once it is running
      let interrupted = false;
      const interrupt = new Promise<void>((resolve) => {
        const stop = () => ((interrupted = true), resolve());
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      const stack = await startStack(process.env, log);
      const secret = process.env.JWT_SECRET ?? DEV_SECRET;
      try {
        if (size !== 'none' && !interrupted) {
          const seeding = seedMunicipality({ gatewayUrl: stack.gatewayUrl, jwtSecret: secret, size });
          seeding.catch(() => undefined); // after a Ctrl-C its requests fail as the services stop
          await Promise.race([seeding, interrupt]);
        }
        if (!interrupted) process.stdout.write(await banner(stack.gatewayUrl, secret));
        await interrupt;
      } catch (error) {
        log.warn(`the seed failed: ${(error as Error).message}`);
        await stack.stop();
        return 1;
      }
      log.info('stopping');
      await stack.stop();
      return 0;
    }
    case 'seed': {
      const url = option(rest, '--url') ?? process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000/graphql';
      const size = seedSize(rest, 'full');
      if (size === 'none') return 0;
      await seedMunicipality({ gatewayUrl: url, jwtSecret: process.env.JWT_SECRET ?? DEV_SECRET, size });
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

// the same default as the services' (stack.ts), so a token signed here is one they accept
const DEV_SECRET = 'performa-dev-secret-change-me';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

function seedSize(args: string[], fallback: SeedSize | 'none'): SeedSize | 'none' {
  const value = option(args, '--seed-size') ?? fallback;
  if (!(SEED_SIZES as readonly string[]).includes(value)) throw new Error(`--seed-size must be one of ${SEED_SIZES.join(', ')}, not "${value}"`);
  return value as SeedSize | 'none';
}

/** What `npm start` prints once everything is up: the URL, a token per role, an example query each. */
async function banner(url: string, secret: string): Promise<string> {
  const users = await demoUsers(url, secret).catch(() => []);
  const admin = signDemoToken({ sub: 'dev-admin', roles: ['ADMIN'], units: [] }, secret);
  const lines = ['', `Performa is running: ${url}`, '', 'A token (ADMIN, 8 hours):', `  ${admin}`, ''];
  if (users.length > 0) {
    lines.push('The demo municipality, as its people see it (tokens valid 8 hours):', '');
    for (const u of users) lines.push(`${u.role}:`, `  TOKEN=${u.token}`, `  ${u.query}`, '');
  } else {
    lines.push('No data yet (started with --seed-size none). Others: npm run token -- --role MANAGER --unit <org unit id> [--sub <employee id>]', '');
  }
  lines.push(
    'Try:',
    `  curl -s ${url} -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" \\`,
    `    -d '{"query":"{ orgUnits(kind: BOARD) { id name } }"}'`,
    '',
    `${START_BANNER_END} started here.`,
    '',
  );
  return lines.join('\n');
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
