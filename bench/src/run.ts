/* eslint-disable no-console -- a benchmark runner reports to the terminal */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

/** `npm run bench [-- name…]`: runs the named benchmarks (default: all), each in its own process. */
const all = ['finance', 'propagation', 'seed'];
const chosen = process.argv.slice(2).filter((a) => all.includes(a));
for (const name of chosen.length ? chosen : all) {
  console.log(`\n=== bench: ${name}`);
  const result = spawnSync(process.execPath, [path.join(__dirname, `${name}.bench.js`)], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
