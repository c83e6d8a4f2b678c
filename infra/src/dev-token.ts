import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './paths';

/** An ADMIN token from the platform's token tool (the same one `npm run token` runs). */
export async function devToken(): Promise<string> {
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'services/platform/dist/cli/token.js'), '--role', 'ADMIN', '--sub', 'dev-admin'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`could not sign a dev token: ${result.stderr}`);
  return result.stdout.trim();
}
