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
