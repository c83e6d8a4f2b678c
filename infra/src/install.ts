import { spawn } from 'node:child_process';
import { cpSync, chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FERRETDB_VERSION, type InfraPaths, KAFKA_VERSION, repoRoot } from './paths';
import { type InfraLog } from './log';
import { sleep } from './processes';

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (error) => reject(new Error(`could not run ${command}: ${error.message} (is it installed and on PATH?)`)));
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${(err || out).slice(-4000)}`)),
    );
  });
}

/** Serialises installs between processes (two test runs on one machine) with an atomic mkdir. */
async function withInstallLock<T>(paths: InfraPaths, what: string, log: InfraLog, fn: () => Promise<T>): Promise<T> {
  mkdirSync(paths.cacheDir, { recursive: true });
  const lock = path.join(paths.cacheDir, `.${what}.lock`);
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // a lock older than 15 minutes belongs to an install that died
      if (Date.now() - statSync(lock).mtimeMs > 15 * 60_000) {
        log.warn(`removing the stale install lock ${lock}`);
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (!announced) log.info(`waiting for another process that is installing ${what}`);
      announced = true;
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Installs the files into a temporary sibling and renames it into place, so a crash never leaves half a cache. */
async function installAtomically(finalDir: string, build: (tmpDir: string) => Promise<void>): Promise<void> {
  mkdirSync(path.dirname(finalDir), { recursive: true });
  const tmp = mkdtempSync(`${finalDir}.partial-`);
  try {
    await build(tmp);
    rmSync(finalDir, { recursive: true, force: true });
    renameSync(tmp, finalDir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Apache Kafka's broker jars from Maven Central, via the pom in infra/kafka. */
export async function ensureKafka(paths: InfraPaths, log: InfraLog): Promise<string> {
  const hasBroker = () => existsSync(paths.kafkaLibs) && readdirSync(paths.kafkaLibs).some((f) => f.startsWith(`kafka_2.13-${KAFKA_VERSION}`));
  if (hasBroker()) return paths.kafkaLibs;
  return withInstallLock(paths, 'kafka', log, async () => {
    if (hasBroker()) return paths.kafkaLibs;
    const started = Date.now();
    log.info(`installing Apache Kafka ${KAFKA_VERSION} from Maven Central into ${paths.kafkaLibs} (first use only)`);
    const home = path.dirname(paths.kafkaLibs);
    await installAtomically(home, async (tmp) => {
      await run('mvn', ['-q', '-B', '-f', path.join(repoRoot, 'infra', 'kafka', 'pom.xml'), 'dependency:copy-dependencies', `-DoutputDirectory=${path.join(tmp, 'libs')}`]);
    });
    log.info(`Kafka installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return paths.kafkaLibs;
  });
}

/**
 * FerretDB built from its module on the Go module proxy.
 * `go install .../cmd/ferretdb@v1.24.x` alone yields a binary that panics at start: the module zip
 * lacks the generated build/version/version.txt. So we let the go command download that exact
 * module, write the version file into a copy of it and build cmd/ferretdb there.
 */
export async function ensureFerretDb(paths: InfraPaths, log: InfraLog): Promise<string> {
  if (existsSync(paths.ferretdbBin)) return paths.ferretdbBin;
  return withInstallLock(paths, 'ferretdb', log, async () => {
    if (existsSync(paths.ferretdbBin)) return paths.ferretdbBin;
    const started = Date.now();
    log.info(`building FerretDB ${FERRETDB_VERSION} from the Go module proxy into ${paths.ferretdbBin} (first use only)`);
    const goEnv = { GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local', GOTELEMETRY: 'off' };
    const info = JSON.parse(await run('go', ['mod', 'download', '-json', `github.com/FerretDB/FerretDB@${FERRETDB_VERSION}`], { env: goEnv })) as { Dir?: string; Error?: string };
    if (!info.Dir) throw new Error(`go mod download of FerretDB failed: ${info.Error ?? 'no module directory'}`);
    await installAtomically(path.dirname(paths.ferretdbBin), async (tmp) => {
      const src = path.join(tmp, 'src');
      cpSync(info.Dir as string, src, { recursive: true });
      chmodRecursive(src);
      writeFileSync(path.join(src, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
      await run('go', ['build', '-trimpath', '-o', path.join(tmp, 'ferretdb'), './cmd/ferretdb'], { cwd: src, env: goEnv });
      rmSync(src, { recursive: true, force: true });
    });
    log.info(`FerretDB built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return paths.ferretdbBin;
  });
}

// the module cache is read-only; the copy must be writable to add the version file and remove it later
function chmodRecursive(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) chmodRecursive(full);
    else chmodSync(full, 0o644);
  }
}
