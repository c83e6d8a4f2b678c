import net from 'node:net';
import { type InfraLog } from './log';

/** Where a Docker engine would answer: DOCKER_HOST (unix:// or tcp://) or the default socket. */
function dockerEndpoint(env: NodeJS.ProcessEnv): net.NetConnectOpts & { label: string } {
  const host = env.DOCKER_HOST;
  if (host?.startsWith('tcp://')) {
    const url = new URL(host.replace('tcp://', 'http://'));
    return { host: url.hostname, port: Number(url.port || 2375), label: host };
  }
  const socket = host?.startsWith('unix://') ? host.slice('unix://'.length) : '/var/run/docker.sock';
  return { path: socket, label: socket };
}

/** True when a Docker engine answers `GET /_ping` within a second; a docker CLI alone is not enough. */
export function dockerEngine(env: NodeJS.ProcessEnv = process.env): Promise<{ reachable: boolean; where: string }> {
  const endpoint = dockerEndpoint(env);
  return new Promise((resolve) => {
    const socket = net.connect(endpoint);
    const done = (reachable: boolean) => {
      socket.destroy();
      resolve({ reachable, where: endpoint.label });
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n'));
    let reply = '';
    socket.on('data', (d: Buffer) => {
      reply += d.toString();
      if (reply.includes('\r\n')) done(/^HTTP\/1\.[01] 200/.test(reply));
    });
  });
}

export interface ContainerHandle {
  url: string;
  stop(): Promise<void>;
}

/** MongoDB 7 as a single-node replica set, through testcontainers (machines with Docker). */
export async function mongoContainer(log: InfraLog): Promise<ContainerHandle> {
  const { MongoDBContainer } = await import('@testcontainers/mongodb');
  log.info('starting mongo:7 with testcontainers');
  const container = await new MongoDBContainer('mongo:7').start();
  return { url: `${container.getConnectionString()}/?directConnection=true`, stop: async () => void (await container.stop()) };
}

/** Kafka 3.9 in KRaft mode through testcontainers; Confluent's cp-kafka 7.9 is Apache Kafka 3.9. */
export async function kafkaContainer(log: InfraLog): Promise<ContainerHandle> {
  const { KafkaContainer } = await import('@testcontainers/kafka');
  log.info('starting confluentinc/cp-kafka:7.9.0 (Kafka 3.9, KRaft) with testcontainers');
  const container = await new KafkaContainer('confluentinc/cp-kafka:7.9.0')
    .withKraft()
    .withEnvironment({ KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false', KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0' })
    .start();
  return { url: `${container.getHost()}:${container.getMappedPort(9093)}`, stop: async () => void (await container.stop()) };
}
