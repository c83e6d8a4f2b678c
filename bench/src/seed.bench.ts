/* eslint-disable no-console -- a benchmark runner reports to the terminal */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnStart } from '@performa/infra';
import { machine, writeSection } from './system';

/**
 * `npm run bench -- seed`: `npm start` on empty databases with the full demo municipality, as a
 * newcomer runs it (local Kafka and FerretDB in a fresh state folder, every service in its own
 * process). Records how long the seed took, its counts, and each process's memory once seeded.
 * BENCH_SEED_SIZE=small for a quick run.
 */
const size = process.env.BENCH_SEED_SIZE ?? 'full';

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Every process under `pid`, with its command line. */
function descendants(pid: number): Array<{ pid: number; args: string }> {
  const ps = spawnSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' }).stdout.trim().split('\n');
  const rows = ps.map((line) => {
    const [p, pp, ...args] = line.trim().split(/\s+/);
    return { pid: Number(p), ppid: Number(pp), args: args.join(' ') };
  });
  const found: Array<{ pid: number; args: string }> = [];
  const walk = (parent: number) => {
    for (const row of rows.filter((r) => r.ppid === parent)) {
      found.push(row);
      walk(row.pid);
    }
  };
  walk(pid);
  return found;
}

const nameOf = (args: string) =>
  /services\/([a-z]+)\/dist/.exec(args)?.[1] ??
  (args.includes('gateway/dist') ? 'gateway' : args.includes('kafka.Kafka') ? 'kafka' : args.includes('id_index.py') ? 'ferretdb _id indexer (python3)' : args.includes('ferretdb') ? 'ferretdb' : null);

async function main(): Promise<void> {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'performa-seed-bench-'));
  const started = Date.now();
  const system = await spawnStart(['--seed-size', size], { ...process.env, PERFORMA_STATE_DIR: stateDir, LOG_LEVEL: 'warn', MONGO_URL: '', KAFKA_BROKERS: '' }, 4 * 3_600_000, (chunk) =>
    process.stdout.write(chunk),
  ).catch((error: unknown) => {
    rmSync(stateDir, { recursive: true, force: true });
    throw error;
  });
  const output = system.output();
  try {
    const total = (Date.now() - started) / 1000;
    const done = /\[seed\] done in ([\d.]+) s: (.*)/.exec(output);
    const steps = [...output.matchAll(/\[seed\] (.+?)\s+(\d+)\/(\d+)\s+([\d.]+) s/g)].filter((m) => m[2] === m[3]);
    let previous = 0;
    const stepRows = steps.map((m) => {
      const at = Number(m[4]);
      const row = `| ${m[1]} | ${m[3]} | ${(at - previous).toFixed(1)} s |`;
      previous = at;
      return row;
    });
    const memory = descendants(system.child.pid as number)
      .map((p) => ({ name: nameOf(p.args), mb: rssMb(p.pid) }))
      .filter((p): p is { name: string; mb: number } => p.name !== null)
      .map((p) => `| ${p.name} | ${p.mb.toFixed(0)} MB |`);
    writeSection(
      `seed-${size}`,
      `## demo municipality seed, ${size} (issue 9) — ${new Date().toISOString().slice(0, 16)}Z

Command: \`npm run bench -- seed\` (bench/src/seed.bench.ts${size === 'full' ? '' : `, BENCH_SEED_SIZE=${size}`}): \`npm start --seed-size ${size}\` on
empty databases, every service in its own process, local FerretDB and Kafka in a fresh folder, the
seed through the gateway (8 requests in flight).

${machine()}

- seed: **${done?.[1] ?? '?'} s** (target for full: under 5 minutes); \`npm start\` to its banner: ${total.toFixed(1)} s
- counts: ${done?.[2] ?? '?'}

| step | items | time |
| --- | --- | --- |
${stepRows.join('\n')}

Memory (RSS) of each process once seeded:

| process | RSS |
| --- | --- |
${memory.join('\n')}`,
    );
  } finally {
    await system.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
