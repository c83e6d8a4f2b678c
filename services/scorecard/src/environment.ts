import { parseEnvironment, serviceEnvironment, withPort } from '@performa/platform';

/** scorecard's settings: the shared service settings and its port (default 4004). */
export const scorecardEnvironment = serviceEnvironment.and(withPort(4004));

export type ScorecardEnvironment = ReturnType<typeof loadEnvironment>;

export function loadEnvironment(env: NodeJS.ProcessEnv = process.env) {
  return parseEnvironment(scorecardEnvironment, env);
}
