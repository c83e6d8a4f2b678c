import { serviceTestEnv, TEST_JWT_SECRET, testNamespace, type TestNamespace } from '@performa/infra';
import { loadEnvironment as hrEnvironment, startHr, type HrService } from '@performa/hr';
import { loadEnvironment as strategyEnvironment, startStrategy, type StrategyService } from '@performa/strategy';
import { loadEnvironment as financeEnvironment, startFinance, type FinanceService } from '@performa/finance';
import { loadEnvironment as scorecardEnvironment, startScorecard, type ScorecardService } from '@performa/scorecard';
import { loadEnvironment as notificationsEnvironment, startNotifications, type NotificationsService } from '@performa/notifications';
import { createLogger, signToken, type Role } from '@performa/platform';
import { loadEnvironment, type GatewayEnvironment } from '../src/environment';
import { startGateway, type RunningGateway } from '../src/gateway';

export interface GqlResult<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: { code?: string; [k: string]: unknown } }>;
}

/** POSTs a GraphQL request the way a client does. */
export async function gql<T = Record<string, unknown>>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GqlResult<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GqlResult<T>, 'status'>;
  return { status: response.status, ...body };
}

export function codes(result: GqlResult): Array<string | undefined> {
  return (result.errors ?? []).map((e) => e.extensions?.code);
}

export function token(roles: Role[], options: { sub?: string; units?: string[] } = {}): Promise<string> {
  return signToken({ sub: options.sub ?? `user-${roles.join('-').toLowerCase()}`, roles, units: options.units ?? [], tenant: 'eskilstuna' }, TEST_JWT_SECRET);
}

export interface Stack {
  ns: TestNamespace;
  hr: HrService;
  strategy: StrategyService;
  finance: FinanceService;
  scorecard: ScorecardService;
  notifications: NotificationsService;
  gateway: RunningGateway;
  /** a request through the gateway */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult<T>>;
  stop(): Promise<void>;
}

/** Every subgraph and the gateway, started in this process against the test run's real Kafka and MongoDB. */
export async function startStack(
  label: string,
  options: { now?: () => Date; gateway?: Partial<Record<keyof GatewayEnvironment, string>>; notifications?: Record<string, string>; supergraphSdl?: string; urls?: Record<string, string> } = {},
): Promise<Stack> {
  const ns = testNamespace(label);
  const logger = createLogger({ service: label, level: 'warn' });
  const started: Array<{ stop(): Promise<void> }> = [];
  const stopAll = async () => {
    for (const s of started.splice(0).reverse()) await s.stop();
  };
  let hr: HrService;
  let strategy: StrategyService;
  let finance: FinanceService;
  let scorecard: ScorecardService;
  let notifications: NotificationsService;
  let gateway: RunningGateway;
  try {
    // each service its own database, as in production: same test namespace, another name
    const env = (name: string) => serviceTestEnv(ns, { MONGO_DB: `${ns.dbName}_${name}` });
    const results = await Promise.allSettled([
      startHr(hrEnvironment(env('hr')), logger.child({ service: 'hr' }), { now: options.now }),
      startStrategy(strategyEnvironment(env('strategy')), logger.child({ service: 'strategy' }), { now: options.now }),
      startFinance(financeEnvironment(env('finance')), logger.child({ service: 'finance' }), { now: options.now }),
      startScorecard(scorecardEnvironment(env('scorecard')), logger.child({ service: 'scorecard' })),
      // the scheduled checks are run by the tests that need them, not by a timer
      startNotifications(notificationsEnvironment({ ...env('notifications'), CHECK_INTERVAL_MS: '0', ...options.notifications }), logger.child({ service: 'notifications' })),
    ]);
    for (const r of results) if (r.status === 'fulfilled') started.push(r.value);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    hr = (results[0] as PromiseFulfilledResult<HrService>).value;
    strategy = (results[1] as PromiseFulfilledResult<StrategyService>).value;
    finance = (results[2] as PromiseFulfilledResult<FinanceService>).value;
    scorecard = (results[3] as PromiseFulfilledResult<ScorecardService>).value;
    notifications = (results[4] as PromiseFulfilledResult<NotificationsService>).value;
    gateway = await startGateway(
      loadEnvironment({ JWT_SECRET: TEST_JWT_SECRET, PORT: '0', HR_URL: hr.url, STRATEGY_URL: strategy.url, FINANCE_URL: finance.url, SCORECARD_URL: scorecard.url, NOTIFICATIONS_URL: notifications.url, LOG_LEVEL: 'warn', ...options.gateway }),
      logger.child({ service: 'gateway' }),
      { supergraphSdl: options.supergraphSdl, urls: options.urls },
    );
  } catch (error) {
    await stopAll();
    throw error;
  }
  return {
    ns,
    hr,
    strategy,
    finance,
    scorecard,
    notifications,
    gateway,
    gql: (query, variables, t) => gql(gateway.url, query, variables, t),
    async stop() {
      await gateway.stop();
      for (const s of [hr, strategy, finance, scorecard, notifications]) await s.infra.connection.dropDatabase().catch(() => undefined);
      await stopAll();
    },
  };
}
