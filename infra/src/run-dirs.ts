import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type InfraLog } from './log';
import { commandLine, isAlive, stopProcess } from './processes';
import { runDirPrefix } from './paths';

/** The servers a throwaway run started, recorded so a later run can clean up after a crash. */
export function recordRunPids(dir: string, pids: number[]): void {
  writeFileSync(path.join(dir, 'pids.json'), JSON.stringify({ owner: process.pid, pids }));
}

/**
 * Finds run folders whose owning process is gone (a test run that was killed), stops the servers
 * it left behind (only processes whose command line names that folder) and removes the folder.
 */
export async function cleanCrashedRuns(log: InfraLog): Promise<void> {
  const parent = path.dirname(runDirPrefix);
  const prefix = path.basename(runDirPrefix);
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(prefix)) continue;
    const owner = Number(name.slice(prefix.length).split('-')[0]);
    if (!owner || (isAlive(owner) && owner !== process.pid)) continue;
    if (owner === process.pid) continue;
    const dir = path.join(parent, name);
    let pids: number[] = [];
    try {
      pids = (JSON.parse(readFileSync(path.join(dir, 'pids.json'), 'utf8')) as { pids: number[] }).pids;
    } catch {
      // the run died before it recorded its servers
    }
    for (const pid of pids) {
      if (isAlive(pid) && commandLine(pid)?.includes(dir)) {
        log.warn(`stopping pid ${pid}, left running by a crashed run (pid ${owner}) in ${dir}`);
        await stopProcess(pid, 5_000);
      }
    }
    rmSync(dir, { recursive: true, force: true });
    log.info(`removed the folder of a crashed run: ${dir}`);
  }
}
