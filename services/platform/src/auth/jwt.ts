import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { UnauthenticatedError } from '../errors';
import { ROLES, type AuthUser, type Role } from './user';

const claims = z.object({
  sub: z.string().min(1),
  roles: z.array(z.enum(ROLES)).min(1),
  units: z.array(z.string()).default([]),
  tenant: z.string().min(1),
  exp: z.number(),
});

export interface VerifierOptions {
  algorithm: 'HS256' | 'RS256';
  secret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

export type TokenVerifier = (token: string) => Promise<AuthUser>;

/** HS256 with a shared secret by default; RS256 against a JWKS URL for production. */
export function createTokenVerifier(options: VerifierOptions): TokenVerifier {
  const key: Uint8Array | JWTVerifyGetKey =
    options.algorithm === 'RS256'
      ? createRemoteJWKSet(new URL(requireSetting(options.jwksUrl, 'JWT_JWKS_URL')))
      : new TextEncoder().encode(requireSetting(options.secret, 'JWT_SECRET'));
  return async (token) => {
    let payload: unknown;
    try {
      const verified = await jwtVerify(token, key as Uint8Array, {
        algorithms: [options.algorithm],
        issuer: options.issuer,
        audience: options.audience,
        requiredClaims: ['exp', 'sub'],
      });
      payload = verified.payload;
    } catch (error) {
      throw new UnauthenticatedError(`The token was refused: ${(error as Error).message}.`);
    }
    const parsed = claims.safeParse(payload);
    if (!parsed.success) {
      throw new UnauthenticatedError(`The token's claims are incomplete: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}.`);
    }
    const { sub, roles, units, tenant } = parsed.data;
    return { sub, roles, units, tenant };
  };
}

function requireSetting(value: string | undefined, name: string): string {
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

export interface TokenClaims {
  sub: string;
  roles: Role[];
  units?: string[];
  tenant?: string;
}

/** Signs an HS256 token: for dev tokens (`npm run token`) and tests. */
export async function signToken(user: TokenClaims, secret: string, expiresIn: string | number = '8h'): Promise<string> {
  return new SignJWT({ roles: user.roles, units: user.units ?? [], tenant: user.tenant ?? 'eskilstuna' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.sub)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

/** The bearer token of an Authorization header, if any. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * The caller of an HTTP request, for the gateway and every subgraph alike: no Authorization header
 * is an anonymous caller; a malformed header or a refused token is UNAUTHENTICATED with status 401
 * (Apollo answers an error thrown while building the context with 500 unless it names a status).
 */
export async function authenticate(header: string | undefined, verify: TokenVerifier): Promise<{ token?: string; user?: AuthUser }> {
  const token = bearerToken(header);
  try {
    if (header && !token) throw new UnauthenticatedError('The Authorization header must be "Bearer <token>".');
    return { token, user: token ? await verify(token) : undefined };
  } catch (error) {
    const ext = (error as { extensions?: Record<string, unknown> }).extensions;
    if (ext) ext.http = { status: 401 };
    throw error;
  }
}
