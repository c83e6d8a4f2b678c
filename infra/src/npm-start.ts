import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './paths';
import { withDeadline } from './testing';

export interface StartedSystem {
  child: ChildProcess;
  /** everything it printed so far, stdout and stderr */
  output(): string;
  /** Ctrl-C, then its exit code (rejects if it has not exited within `timeoutMs`) */
  stop(timeoutMs?: number): Promise<number | null>;
}

/** What `npm start` prints last, once every process is ready (and the seed, if any, is done). */
export const START_BANNER_END = 'Ctrl-C stops everything';

/**
 * Runs the whole system as `npm start` does (`performa-infra start <args>`) in a child process and
 * resolves once it has printed its banner; rejects with what it printed if it exits first or takes
 * longer than `timeoutMs`. For tests and benchmarks of the real start.
 */
export async function spawnStart(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number, echo?: (chunk: string) => void): Promise<StartedSystem> {
  let output = '';
  const child = spawn(process.execPath, [path.join(repoRoot, 'infra/dist/cli.js'), 'start', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const collect = (d: Buffer) => {
    output += d.toString();
    echo?.(d.toString());
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const started: StartedSystem = {
    child,
    output: () => output,
    async stop(stopTimeoutMs = 60_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
      return withDeadline(exited, stopTimeoutMs, () => `npm start to stop after Ctrl-C:\n${output.slice(-2_000)}`);
    },
  };
  try {
    await withDeadline(
      new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => output.includes(START_BANNER_END) && (clearInterval(timer), resolve()), 100);
        void exited.then((code) => (clearInterval(timer), reject(new Error(`npm start exited with ${code}:\n${output.slice(-3_000)}`))));
      }),
      timeoutMs,
      () => `npm start to print its banner; so far:\n${output.slice(-3_000)}`,
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return started;
}
