import { ConfigError } from '../config/environment';
import { createLogger, type Logger } from '../logger';
import { registerShutdown } from './service';

/**
 * Every process's main(): settings → logger → start → shutdown on SIGTERM/SIGINT; a bad setting or
 * a failed start is logged and exits 1.
 */
export function runMain<E extends { LOG_LEVEL: string }>(name: string, load: () => E, start: (env: E, logger: Logger) => Promise<{ stop(): Promise<void> }>): void {
  const main = async () => {
    let env: E;
    try {
      env = load();
    } catch (error) {
      if (error instanceof ConfigError) {
        createLogger({ service: name }).fatal({ problems: error.problems }, error.message);
        process.exit(1);
      }
      throw error;
    }
    const logger = createLogger({ service: name, level: env.LOG_LEVEL });
    const running = await start(env, logger);
    registerShutdown(() => running.stop(), logger);
  };
  main().catch((error: unknown) => {
    createLogger({ service: name }).fatal({ err: error }, `${name} could not start`);
    process.exit(1);
  });
}
