import { signToken } from '../auth/jwt';
import { ROLES, type Role } from '../auth/user';
import { devSecret } from './dev-secret';

export const TOKEN_USAGE = `usage: npm run token -- --role ROLE [--role ROLE…] [--unit UNIT_ID…] [--sub EMPLOYEE_ID] [--tenant T] [--expires 8h]
roles: ${ROLES.join(', ')}; signs with JWT_SECRET (or the dev default)`;

/** Signs a dev token from command-line flags; throws the usage text on bad flags. */
export async function tokenFromArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const roles: Role[] = [];
  const units: string[] = [];
  let sub = 'dev-user';
  let tenant = 'eskilstuna';
  let expires = '8h';
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(TOKEN_USAGE);
    if (flag === '--role') {
      if (!(ROLES as readonly string[]).includes(value)) throw new Error(`unknown role ${value}\n${TOKEN_USAGE}`);
      roles.push(value as Role);
    } else if (flag === '--unit') units.push(value);
    else if (flag === '--sub') sub = value;
    else if (flag === '--tenant') tenant = value;
    else if (flag === '--expires') expires = value;
    else throw new Error(`unknown flag ${flag}\n${TOKEN_USAGE}`);
  }
  if (roles.length === 0) throw new Error(TOKEN_USAGE);
  return signToken({ sub, roles, units, tenant }, devSecret(env), expires);
}
