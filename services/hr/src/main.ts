import { ConfigError, createLogger, registerShutdown } from '@performa/platform';
import { loadEnvironment } from './environment';
import { startHr } from './service';

async function main(): Promise<void> {
  const bootLogger = createLogger({ service: 'hr' });
  let env;
  try {
    env = loadEnvironment();
  } catch (error) {
    if (error instanceof ConfigError) {
      bootLogger.fatal({ problems: error.problems }, error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ service: 'hr', level: env.LOG_LEVEL });
  const service = await startHr(env, logger);
  registerShutdown(service.stop, logger);
}

main().catch((error: unknown) => {
  createLogger({ service: 'hr' }).fatal({ err: error }, 'hr could not start');
  process.exit(1);
});
