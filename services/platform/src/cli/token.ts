#!/usr/bin/env node
/* eslint-disable no-console -- a command-line tool prints to the terminal */
import { signToken } from '../auth/jwt';
import { ROLES, type Role } from '../auth/user';
import { DEV_JWT_SECRET, devSecret } from './dev-secret';

const usage = `usage: npm run token -- --role ROLE [--role ROLE…] [--unit UNIT_ID…] [--sub EMPLOYEE_ID] [--tenant T] [--expires 8h]
roles: ${ROLES.join(', ')}; signs with JWT_SECRET (or the dev default)`;

function main(argv: string[]): Promise<void> | void {
  const roles: Role[] = [];
  const units: string[] = [];
  let sub = 'dev-user';
  let tenant = 'eskilstuna';
  let expires = '8h';
  for (let i = 0; i < argv.length; i += 1) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(usage);
    if (flag === '--role') {
      if (!(ROLES as readonly string[]).includes(value)) throw new Error(`unknown role ${value}\n${usage}`);
      roles.push(value as Role);
    } else if (flag === '--unit') units.push(value);
    else if (flag === '--sub') sub = value;
    else if (flag === '--tenant') tenant = value;
    else if (flag === '--expires') expires = value;
    else throw new Error(usage);
    i += 1;
  }
  if (roles.length === 0) throw new Error(usage);
  return signToken({ sub, roles, units, tenant }, devSecret(), expires).then((token) => console.log(token));
}

Promise.resolve()
  .then(() => main(process.argv.slice(2)))
  .catch((error: Error) => {
    console.error(error.message);
    process.exit(2);
  });

export { DEV_JWT_SECRET };
