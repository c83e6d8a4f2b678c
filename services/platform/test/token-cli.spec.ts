import { createTokenVerifier } from '../src';
import { DEV_JWT_SECRET } from '../src/cli/dev-secret';
import { tokenFromArgs } from '../src/cli/token-args';

describe('npm run token', () => {
  it('signs a token with the role, units and subject asked for, that the services accept', async () => {
    const token = await tokenFromArgs(['--role', 'MANAGER', '--unit', 'u-1', '--unit', 'u-2', '--sub', 'e-7'], {});
    const user = await createTokenVerifier({ algorithm: 'HS256', secret: DEV_JWT_SECRET })(token);
    expect(user).toEqual({ sub: 'e-7', roles: ['MANAGER'], units: ['u-1', 'u-2'], tenant: 'eskilstuna' });
  });

  it('signs with JWT_SECRET when it is set', async () => {
    const token = await tokenFromArgs(['--role', 'ADMIN'], { JWT_SECRET: 'another-secret-of-enough-length' });
    await expect(createTokenVerifier({ algorithm: 'HS256', secret: 'another-secret-of-enough-length' })(token)).resolves.toMatchObject({ roles: ['ADMIN'] });
  });

  it('refuses an unknown role or a missing one with the usage', async () => {
    await expect(tokenFromArgs(['--role', 'KING'], {})).rejects.toThrow(/unknown role KING/);
    await expect(tokenFromArgs([], {})).rejects.toThrow(/usage: npm run token/);
  });
});
