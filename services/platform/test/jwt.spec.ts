import { SignJWT } from 'jose';
import { createTokenVerifier, signToken } from '../src';

const secret = 'a-secret-of-enough-length';
const verify = createTokenVerifier({ algorithm: 'HS256', secret });

describe('token verification', () => {
  it('turns a good token into a typed user', async () => {
    const token = await signToken({ sub: 'e1', roles: ['MANAGER'], units: ['u1'], tenant: 'eskilstuna' }, secret);
    await expect(verify(token)).resolves.toEqual({ sub: 'e1', roles: ['MANAGER'], units: ['u1'], tenant: 'eskilstuna' });
  });

  it('refuses a token signed with another secret as UNAUTHENTICATED', async () => {
    const token = await signToken({ sub: 'e1', roles: ['ADMIN'] }, 'another-secret-of-enough-length');
    await expect(verify(token)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses an expired token', async () => {
    const token = await signToken({ sub: 'e1', roles: ['ADMIN'] }, secret, Math.floor(Date.now() / 1000) - 60);
    await expect(verify(token)).rejects.toMatchObject({ message: expect.stringMatching(/"exp" claim timestamp check failed/) });
  });

  it('refuses a token with a role that does not exist', async () => {
    const token = await new SignJWT({ roles: ['SUPERUSER'], units: [], tenant: 't' }).setProtectedHeader({ alg: 'HS256' }).setSubject('e1').setExpirationTime('1h').sign(new TextEncoder().encode(secret));
    await expect(verify(token)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses an unsigned token (alg none)', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 'e1', roles: ['ADMIN'], tenant: 't', exp: 9_999_999_999 })).toString('base64url');
    await expect(verify(`${header}.${body}.`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});

describe('RS256 with a JWKS URL', () => {
  it('accepts a token signed by a key the JWKS publishes and refuses one signed by another key', async () => {
    const http = await import('node:http');
    const { exportJWK, generateKeyPair } = await import('jose');
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const other = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    const server = http.createServer((_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const address = server.address() as { port: number };
      const verifyRs = createTokenVerifier({ algorithm: 'RS256', jwksUrl: `http://127.0.0.1:${address.port}/jwks.json` });
      const sign = (key: Parameters<SignJWT['sign']>[0]) =>
        new SignJWT({ roles: ['HR'], units: ['u9'], tenant: 'eskilstuna' }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setSubject('e9').setExpirationTime('1h').sign(key);
      await expect(verifyRs(await sign(privateKey))).resolves.toEqual({ sub: 'e9', roles: ['HR'], units: ['u9'], tenant: 'eskilstuna' });
      await expect(verifyRs(await sign(other.privateKey))).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    } finally {
      server.close();
    }
  });
});
