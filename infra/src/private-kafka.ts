import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pingKafka, waitUntil } from './health';
import { ensureKafka } from './install';
import { startKafka, type Spawned } from './local';
import { silentLog } from './log';
import { infraPaths, runDirPrefix } from './paths';
import { freePort, stopProcess } from './processes';
import { recordRunPids } from './run-dirs';

export interface PrivateKafka {
  brokers: string[];
  /** kills the broker, as an outage would; its data stays for `start()` */
  kill(): Promise<void>;
  /** starts it again on the same port with the same data */
  start(): Promise<void>;
  /** stops it for good and removes its data */
  destroy(): Promise<void>;
}

/**
 * A broker of a test's own, for tests that take Kafka down (an outbox surviving an outage) without
 * disturbing the broker every other test file shares.
 */
export async function startPrivateKafka(): Promise<PrivateKafka> {
  const paths = infraPaths();
  await ensureKafka(paths, silentLog);
  const dir = mkdtempSync(`${runDirPrefix}${process.pid}-`);
  const ports = { port: await freePort(), controllerPort: await freePort() };
  const brokers = [`127.0.0.1:${ports.port}`];
  let server: Spawned | undefined;
  const start = async () => {
    server = await startKafka(paths, path.join(dir, 'kafka'), ports, { detached: false, logFile: path.join(dir, 'kafka.log') });
    recordRunPids(dir, [server.pid]);
    const current = server;
    await waitUntil(`Kafka on ${brokers[0]}`, () => pingKafka(brokers, 1_000), 90_000, () => current.exited());
  };
  await start();
  return {
    brokers,
    kill: async () => {
      if (server) await stopProcess(server.pid, 0);
      server = undefined;
    },
    start,
    destroy: async () => {
      if (server) await stopProcess(server.pid, 0);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
