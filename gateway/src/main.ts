import { ConfigError, createLogger, registerShutdown } from '@performa/platform';
import { loadEnvironment } from './environment';
import { startGateway } from './gateway';

async function main(): Promise<void> {
  let env;
  try {
    env = loadEnvironment();
  } catch (error) {
    if (error instanceof ConfigError) {
      createLogger({ service: 'gateway' }).fatal({ problems: error.problems }, error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ service: 'gateway', level: env.LOG_LEVEL });
  const gateway = await startGateway(env, logger);
  registerShutdown(gateway.stop, logger);
}

main().catch((error: unknown) => {
  createLogger({ service: 'gateway' }).fatal({ err: error }, 'the gateway could not start');
  process.exit(1);
});
