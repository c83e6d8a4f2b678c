import { provideInfrastructure, type Infrastructure } from '../provider';

declare global {
   
  var __performaInfra: Infrastructure | undefined;
}

/**
 * Jest globalSetup: provides the infrastructure once per jest run and hands its addresses to the
 * test workers through the environment. Under `npm test` the root has already set MONGO_URL and
 * KAFKA_BROKERS, so this only checks them; a workspace run on its own starts its own servers.
 */
export default async function globalSetup(): Promise<void> {
  const infra = await provideInfrastructure();
  process.env.MONGO_URL = infra.mongoUrl;
  process.env.KAFKA_BROKERS = infra.kafkaBrokers.join(',');
  globalThis.__performaInfra = infra;
}
