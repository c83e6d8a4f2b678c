import os from 'node:os';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { provideInfrastructure, serviceTestEnv, TEST_JWT_SECRET, testNamespace, type Infrastructure } from '@performa/infra';
import { loadEnvironment as financeEnv, startFinance, type FinanceService } from '@performa/finance';
import { loadEnvironment as gatewayEnv, startGateway, type RunningGateway } from '@performa/gateway';
import { loadEnvironment as hrEnv, startHr, type HrService } from '@performa/hr';
import { createLogger, signToken, type Role } from '@performa/platform';
import { loadEnvironment as strategyEnv, startStrategy, type StrategyService } from '@performa/strategy';
import { loadEnvironment as scorecardEnv, startScorecard, type ScorecardService } from '@performa/scorecard';

/** The whole system in this process, on real servers, for a benchmark to drive through the gateway. */
export interface BenchSystem {
  url: string;
  hr: HrService;
  finance: FinanceService;
  token(roles: Role[], units?: string[]): Promise<string>;
  gql<T>(query: string, variables: Record<string, unknown>, token: string): Promise<T>;
  stop(): Promise<void>;
}

export async function startSystem(label: string): Promise<BenchSystem> {
  const infra: Infrastructure = await provideInfrastructure();
  process.env.MONGO_URL = infra.mongoUrl;
  process.env.KAFKA_BROKERS = infra.kafkaBrokers.join(',');
  const ns = testNamespace(label);
  const logger = createLogger({ service: label, level: 'warn' });
  const env = (name: string) => serviceTestEnv(ns, { MONGO_DB: `${ns.dbName}_${name}`, LOG_LEVEL: 'warn' });
  const hr = await startHr(hrEnv(env('hr')), logger);
  const strategy: StrategyService = await startStrategy(strategyEnv(env('strategy')), logger);
  const finance = await startFinance(financeEnv(env('finance')), logger);
  const scorecard: ScorecardService = await startScorecard(scorecardEnv(env('scorecard')), logger);
  const gateway: RunningGateway = await startGateway(
    gatewayEnv({ JWT_SECRET: TEST_JWT_SECRET, PORT: '0', HR_URL: hr.url, STRATEGY_URL: strategy.url, FINANCE_URL: finance.url, SCORECARD_URL: scorecard.url, LOG_LEVEL: 'warn' }),
    logger,
  );
  return {
    url: gateway.url,
    hr,
    finance,
    token: (roles, units = []) => signToken({ sub: 'bench', roles, units }, TEST_JWT_SECRET),
    async gql<T>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
      const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
      const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
      if (body.errors) throw new Error(`GraphQL error: ${body.errors.map((e) => e.message).join('; ')}`);
      return body.data as T;
    },
    async stop() {
      await gateway.stop();
      for (const s of [scorecard, finance, strategy, hr]) {
        await s.infra.connection.dropDatabase().catch(() => undefined);
        await s.stop();
      }
      await infra.stop();
    },
  };
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function version(cmd: string, args: string[]): string {
  // java prints its version on stderr
  const result = spawnSync(cmd, args, { encoding: 'utf8' });
  return `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n')[0] || '?';
}

/** The machine and versions, for the record. */
export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? '?';
  return [
    `- machine: ${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}`,
    `- Node.js ${process.version}; ${version('java', ['-version'])}`.replace(/\n/g, ' '),
    `- servers: ${process.env.MONGO_URL?.includes('27017') ? 'MongoDB-protocol server from MONGO_URL' : 'FerretDB 1.24.2 (SQLite backend)'}, Apache Kafka 3.9.1 (single-node KRaft), both on 127.0.0.1`,
  ].join('\n');
}

const RESULTS = path.resolve(__dirname, '..', 'RESULTS.md');

/** Replaces this benchmark's section of bench/RESULTS.md, keeping the others. */
export function writeSection(name: string, body: string): void {
  let text = '';
  try {
    text = readFileSync(RESULTS, 'utf8');
  } catch {
    text = '# Benchmark results\n\nWritten by the scripts in bench/ (`npm run bench`). Each section says when, on what, and how.\n';
  }
  const start = `<!-- ${name} -->`;
  const end = `<!-- /${name} -->`;
  const section = `${start}\n${body.trim()}\n${end}`;
  const re = new RegExp(`${start}[\\s\\S]*?${end}`);
  text = re.test(text) ? text.replace(re, section) : `${text.trim()}\n\n${section}\n`;
  writeFileSync(RESULTS, `${text.trim()}\n`);
}
