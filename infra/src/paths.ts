import os from 'node:os';
import path from 'node:path';

/** The repository root: infra/ sits directly below it, whether we run from src/ or dist/. */
export const repoRoot = path.resolve(__dirname, '..', '..');

export const KAFKA_VERSION = '3.9.1';
export const FERRETDB_VERSION = 'v1.24.2';

export interface InfraPaths {
  /** Installed binaries and jars; outside the clone so every clone on a machine reuses them. */
  cacheDir: string;
  kafkaLibs: string;
  ferretdbBin: string;
  /** pid files, ports and data of the long-lived dev infrastructure (`infra:up`, `npm start`). */
  stateDir: string;
}

export function infraPaths(env: NodeJS.ProcessEnv = process.env): InfraPaths {
  const cacheDir = env.PERFORMA_CACHE_DIR ?? path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'performa');
  return {
    cacheDir,
    kafkaLibs: path.join(cacheDir, `kafka-${KAFKA_VERSION}`, 'libs'),
    ferretdbBin: path.join(cacheDir, `ferretdb-${FERRETDB_VERSION}`, 'ferretdb'),
    stateDir: env.PERFORMA_STATE_DIR ?? path.join(repoRoot, '.performa'),
  };
}

/** Where throwaway test runs keep their data; one folder per run, named after the owning pid. */
export const runDirPrefix = path.join(os.tmpdir(), 'performa-run-');
