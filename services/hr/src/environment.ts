import { parseEnvironment, serviceEnvironment, withPort } from '@performa/platform';

/** hr's settings: the shared service settings and its port (default 4001). */
export const hrEnvironment = serviceEnvironment.and(withPort(4001));

export type HrEnvironment = ReturnType<typeof loadEnvironment>;

export function loadEnvironment(env: NodeJS.ProcessEnv = process.env) {
  return parseEnvironment(hrEnvironment, env);
}
