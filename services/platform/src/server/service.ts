import type { IncomingMessage } from 'node:http';
import type { Kafka } from 'kafkajs';
import type { Connection, Model } from 'mongoose';
import type { Logger } from 'pino';
import { authenticate, createTokenVerifier } from '../auth/jwt';
import type { ServiceEnvironment } from '../config/environment';
import { ContractRegistry } from '../events/contracts';
import { createEventConsumer, type BatchHandler, type EventConsumer, type Subscription } from '../events/consumer';
import { createKafka, ensureTopics, topicNaming, type TopicNaming } from '../events/kafka';
import { createOutboxRelay, EventFactory, type OutboxRelay } from '../events/outbox';
import { connectMongo, createIndexes, pingMongo } from '../store/mongo';
import type { RequestContext } from './context';
import { startHttp, type Readiness } from './http';
import { buildSubgraph, createSubgraphServer, type SubgraphOptions } from './subgraph';

export interface ServiceInfrastructure {
  logger: Logger;
  connection: Connection;
  kafka: Kafka;
  naming: TopicNaming;
  contracts: ContractRegistry;
  events: EventFactory;
  /** set once the service has started; resolvers call `relay().nudge()` after a write */
  relay: () => OutboxRelay;
}

export interface ConsumerSpec {
  group: string;
  subscriptions: Subscription[];
  fromBeginning?: boolean;
  /** see ConsumerOptions.batchHandler */
  batchHandler?: BatchHandler;
}

export interface ServiceDefinition<D> {
  deps: D;
  /** models whose documents carry an outbox */
  outboxModels: Model<any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** topics it publishes to (names without the prefix); created at start */
  publishes: string[];
  consumers?: ConsumerSpec[];
  subgraph: SubgraphOptions;
  /** extra readiness checks */
  readiness?: () => Promise<Record<string, { ok: boolean; detail?: string }>>;
  /** called first on shutdown, e.g. to stop timers */
  beforeStop?: () => Promise<void>;
}

export interface RunningService<D> {
  name: string;
  url: string;
  port: number;
  deps: D;
  infra: ServiceInfrastructure;
  consumers: EventConsumer[];
  stop(): Promise<void>;
}

export interface StartOptions<D> {
  name: string;
  /** the request body limit (default 1 MB) */
  maxBodyBytes?: number;
  env: ServiceEnvironment & { PORT: number };
  logger: Logger;
  define(infra: ServiceInfrastructure): Promise<ServiceDefinition<D>> | ServiceDefinition<D>;
}

/**
 * The one bootstrap every service uses: Mongo (indexes created) → Kafka topics → outbox relay →
 * consumers → subgraph → HTTP. `stop()` undoes it in reverse: stop accepting, finish in-flight
 * requests, stop consuming, flush the outbox, disconnect Kafka and Mongo.
 */
export async function startService<D>(options: StartOptions<D>): Promise<RunningService<D>> {
  const { env, logger, name } = options;
  const connection = await connectMongo({ url: env.MONGO_URL, dbName: env.MONGO_DB, poolSize: env.MONGO_POOL_SIZE, slowCommandMs: env.MONGO_SLOW_COMMAND_MS, logger });
  const naming = topicNaming(env.KAFKA_TOPIC_PREFIX);
  const contracts = new ContractRegistry();
  const kafka = createKafka({ clientId: name, brokers: env.KAFKA_BROKERS, logger });
  let relay: OutboxRelay | undefined;
  const infra: ServiceInfrastructure = {
    logger,
    connection,
    kafka,
    naming,
    contracts,
    events: new EventFactory(contracts, naming, name),
    relay: () => {
      if (!relay) throw new Error('the outbox relay has not started');
      return relay;
    },
  };
  const cleanups: Array<() => Promise<void>> = [async () => connection.close()];
  const undo = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((e: Error) => logger.warn({ err: e.message }, 'cleanup failed'));
  };
  try {
    const definition = await options.define(infra);
    await createIndexes(connection);

    const consumers = (definition.consumers ?? []).map((spec) =>
      createEventConsumer({
        logger,
        kafka,
        naming,
        contracts,
        connection,
        group: spec.group,
        subscriptions: spec.subscriptions,
        fromBeginning: spec.fromBeginning,
        batchHandler: spec.batchHandler,
        maxAttempts: env.CONSUMER_MAX_ATTEMPTS,
        backoffMs: env.CONSUMER_RETRY_BACKOFF_MS,
      }),
    );
    const admin = kafka.admin();
    await admin.connect();
    cleanups.push(async () => admin.disconnect());
    await ensureTopics(admin, [...definition.publishes.map((t) => naming.topic(t)), ...consumers.flatMap((c) => c.topics())], env.KAFKA_TOPIC_PARTITIONS);

    relay = createOutboxRelay({ logger, kafka, models: definition.outboxModels, pollMs: env.OUTBOX_POLL_MS });
    const startedRelay = relay;
    cleanups.push(async () => startedRelay.stop());
    await relay.start();
    for (const consumer of consumers) {
      // registered before start: a start that fails half-way still disconnects what it connected
      cleanups.push(async () => consumer.stop());
      await consumer.start();
    }

    const schema = await buildSubgraph(definition.subgraph);
    const apollo = createSubgraphServer<D>(schema);
    await apollo.start();
    cleanups.push(async () => apollo.stop());

    const verify = createTokenVerifier({ algorithm: env.JWT_ALGORITHM, secret: env.JWT_SECRET, jwksUrl: env.JWT_JWKS_URL, issuer: env.JWT_ISSUER, audience: env.JWT_AUDIENCE });
    const context = async (req: IncomingMessage, requestId: string): Promise<RequestContext<D>> => {
      const { token, user } = await authenticate(req.headers.authorization, verify);
      return { requestId, user, token, logger: logger.child({ requestId }), deps: definition.deps };
    };

    const readiness = async (): Promise<Readiness> => {
      const checks: Readiness['checks'] = {};
      checks.mongo = await pingMongo(connection).then(
        () => ({ ok: true }),
        (e: Error) => ({ ok: false, detail: e.message }),
      );
      checks.kafka = await admin.describeCluster().then(
        () => ({ ok: true }),
        (e: Error) => ({ ok: false, detail: e.message }),
      );
      checks.outbox = startedRelay.readiness();
      consumers.forEach((c, i) => (checks[`consumer${i}`] = c.readiness()));
      Object.assign(checks, (await definition.readiness?.()) ?? {});
      return { ok: Object.values(checks).every((c) => c.ok), checks };
    };

    const http = await startHttp({ port: env.PORT, host: env.HOST, logger, apollo, context, readiness, maxBodyBytes: options.maxBodyBytes });
    logger.info({ url: http.url }, `${name} is listening`);
    let stopping: Promise<void> | undefined;
    return {
      name,
      url: http.url,
      port: http.port,
      deps: definition.deps,
      infra,
      consumers,
      stop: () =>
        (stopping ??= (async () => {
          await definition.beforeStop?.();
          await http.close(env.SHUTDOWN_GRACE_MS);
          await undo();
          logger.info(`${name} stopped`);
        })()),
    };
  } catch (error) {
    await undo();
    throw error;
  }
}

/** SIGTERM / SIGINT → a graceful stop, once; a second signal exits at once. */
export function registerShutdown(stop: () => Promise<void>, logger: Logger): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) process.exit(1);
    signalled = true;
    logger.info({ signal }, 'shutting down');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
