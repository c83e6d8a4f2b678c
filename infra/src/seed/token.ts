import { createHmac } from 'node:crypto';

export interface DemoClaims {
  sub: string;
  roles: string[];
  units: string[];
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * An HS256 token as the services expect it (platform's signToken): `sub`, `roles`, `units` and
 * `tenant`. Signed here because infra cannot depend on the services it starts.
 */
export function signDemoToken(claims: DemoClaims, secret: string, hours = 8, tenant = 'eskilstuna'): string {
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ ...claims, tenant, iat: now, exp: now + hours * 3600 })}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}
