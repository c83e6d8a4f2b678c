import { parseEnvironment, serviceEnvironment, withPort } from '@performa/platform';

/** strategy's settings: the shared service settings and its port (default 4002). */
export const strategyEnvironment = serviceEnvironment.and(withPort(4002));

export type StrategyEnvironment = ReturnType<typeof loadEnvironment>;

export function loadEnvironment(env: NodeJS.ProcessEnv = process.env) {
  return parseEnvironment(strategyEnvironment, env);
}
