import { parseEnvironment, serviceEnvironment, withPort } from '@performa/platform';

/** finance's settings: the shared service settings and its port (default 4003). */
export const financeEnvironment = serviceEnvironment.and(withPort(4003));

export type FinanceEnvironment = ReturnType<typeof loadEnvironment>;

export function loadEnvironment(env: NodeJS.ProcessEnv = process.env) {
  return parseEnvironment(financeEnvironment, env);
}
