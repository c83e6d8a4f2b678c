/** The secret of local development and tests; production sets JWT_SECRET (or RS256 + JWKS). */
export const DEV_JWT_SECRET = 'performa-dev-secret-change-me';

export function devSecret(env: NodeJS.ProcessEnv = process.env): string {
  return env.JWT_SECRET ?? DEV_JWT_SECRET;
}
