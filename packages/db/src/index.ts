import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';

import { DatabaseUnavailableError, lockDataFolder, type DataFolderLock } from './lock.ts';

export { DEFAULT_DATABASE_NAME, databaseNameInUri, resolveDatabaseName } from './names.ts';
export { DataFolderInUseError, DatabaseUnavailableError, LOCK_FILE, type LockHolder } from './lock.ts';
export { EMBEDDED_LIMITS, embeddedServerNotice, seedSizeWarning } from './limits.ts';

/** Where the repository's git-ignored cache and data folders live. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const ferretSource = resolve(dirname(fileURLToPath(import.meta.url)), '../ferretdb');

export type DatabaseKind = 'uri' | 'mongod' | 'ferretdb';

export interface RunningDatabase {
  /** `mongodb://127.0.0.1:27018` for a server started here; MONGODB_URI as given (path included) otherwise. */
  uri: string;
  kind: DatabaseKind;
  /** Stops the server this process started (a no-op for an external MONGODB_URI). */
  stop(): Promise<void>;
}

export interface StartOptions {
  /**
   * Data folder; a fresh temporary one (removed on stop) when omitted. A given folder is locked while
   * the server runs: a second start on it throws DataFolderInUseError naming the holder's pid and port.
   */
  dataDir?: string;
  /** Port; a free one when omitted. */
  port?: number;
  /** Defaults to process.env.MONGODB_URI. */
  mongodbUri?: string;
  log?: (line: string) => void;
}

const HOW_TO_FIX =
  'Either install Go (>= 1.24; `apt-get install golang` or https://go.dev/dl) so MAS can build its local ' +
  'MongoDB-compatible server (FerretDB), put a `mongod` on PATH, or point MONGODB_URI at a MongoDB, ' +
  'e.g. MONGODB_URI=mongodb://127.0.0.1:27017 npm start';

/**
 * Finds the database the way DESIGN.md §6 says: MONGODB_URI if set, else a
 * `mongod` on PATH, else FerretDB (built once, cached) on 127.0.0.1.
 */
export async function startDatabase(options: StartOptions = {}): Promise<RunningDatabase> {
  const log = options.log ?? (() => {});
  const external = options.mongodbUri ?? process.env.MONGODB_URI;
  if (external) {
    return { uri: external, kind: 'uri', stop: async () => {} };
  }

  const port = options.port ?? (await freePort());
  const temporary = options.dataDir === undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'mas-db-')));
  mkdirSync(dataDir, { recursive: true });
  // A temporary folder is this process's alone; a given one may be shared with another start.
  let lock: DataFolderLock | undefined;
  if (!temporary) lock = await lockDataFolder(dataDir, port);

  const mongod = findOnPath('mongod');
  let child: ChildProcess;
  let kind: DatabaseKind;
  try {
    if (mongod) {
      kind = 'mongod';
      log(`starting mongod on 127.0.0.1:${port}`);
      child = spawn(mongod, ['--dbpath', dataDir, '--bind_ip', '127.0.0.1', '--port', String(port), '--quiet'], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
    } else {
      kind = 'ferretdb';
      const binary = ensureFerretDB(log);
      log(`starting FerretDB on 127.0.0.1:${port} (data in ${dataDir})`);
      child = spawn(
        binary,
        ['-listen-addr', `127.0.0.1:${port}`, '-sqlite-dir', dataDir, '-log-level', 'error', '-exit-on-stdin-close'],
        { stdio: ['pipe', 'ignore', 'pipe'] },
      );
    }
  } catch (error) {
    lock?.release();
    throw error;
  }
  if (child.pid) lock?.setServerPid(child.pid);

  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const killOnExit = () => {
    child.kill('SIGKILL');
    lock?.release();
  };
  process.once('exit', killOnExit);

  const uri = `mongodb://127.0.0.1:${port}`;
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    lock?.release();
    if (temporary) await rm(dataDir, { recursive: true, force: true });
  };

  const ready = await Promise.race([waitForPing(uri, 30_000), exited.then(() => false)]);
  if (!ready) {
    await stop();
    throw new DatabaseUnavailableError(`The ${kind} server did not start.\n${stderr.trim()}\n${HOW_TO_FIX}`);
  }
  return { uri, kind, stop };
}

/**
 * One line of FerretDB 1.24.2 changed at build time, in a copy of the module proxy's source:
 * its SQLite backend finds a document by `_id` with the expression `->'$._id'`, while the unique
 * index it creates is on `->"_id"`. SQLite matches index expressions by their text, so every lookup,
 * update and delete by `_id` scanned the table up to the row: 1.1 s for a late row of 1,000,000,
 * 0.0 ms through the index (EXPLAIN QUERY PLAN: SCAN against SEARCH USING INDEX, 2026-12-01). In
 * SQLite `->'_id'` means `->'$._id'`, so the answers are the same; only the plan changes.
 */
const ID_EXPRESSION = { file: 'internal/backends/sqlite/metadata/metadata.go', from: `"->'$._id'"`, to: `"->'_id'"` };

/**
 * Copies FerretDB's source from the module cache (read-only there) with the one line changed, and
 * the wrapper beside it pointing at the copy; returns the wrapper's folder, ready to build.
 */
function patchedSources(go: string, dir: string): string {
  const env = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' };
  const download = spawnSync(go, ['mod', 'download', '-json', 'github.com/FerretDB/FerretDB'], {
    cwd: ferretSource,
    encoding: 'utf8',
    env,
  });
  if (download.status !== 0) {
    throw new DatabaseUnavailableError(`Downloading FerretDB's source failed.\n${download.stderr}\n${HOW_TO_FIX}`);
  }
  const module = join(dir, 'FerretDB');
  cpSync((JSON.parse(download.stdout) as { Dir: string }).Dir, module, { recursive: true });
  const file = join(module, ID_EXPRESSION.file);
  const source = readFileSync(file, 'utf8');
  if (!source.includes(ID_EXPRESSION.from)) throw new Error(`FerretDB's ${ID_EXPRESSION.file} is not the one patched`);
  chmodSync(file, 0o644);
  writeFileSync(file, source.replace(ID_EXPRESSION.from, ID_EXPRESSION.to));
  const wrapper = join(dir, 'wrapper');
  mkdirSync(wrapper);
  for (const name of ['main.go', 'go.mod', 'go.sum']) cpSync(join(ferretSource, name), join(wrapper, name));
  spawnSync(go, ['mod', 'edit', '-replace', `github.com/FerretDB/FerretDB=${module}`], { cwd: wrapper, env });
  return wrapper;
}

/**
 * Returns the path of the FerretDB binary, building it with Go when the cached
 * one is missing or was built from other sources (the hash is in the name).
 */
export function ensureFerretDB(log: (line: string) => void = () => {}): string {
  const hash = createHash('sha256');
  for (const file of ['main.go', 'go.mod', 'go.sum']) hash.update(readFileSync(join(ferretSource, file)));
  hash.update(JSON.stringify(ID_EXPRESSION));
  const binary = join(repoRoot, '.cache', 'bin', `ferretdb-${hash.digest('hex').slice(0, 12)}`);
  if (existsSync(binary)) return binary;

  const go = findOnPath('go');
  if (!go) throw new DatabaseUnavailableError(`No MongoDB server found and Go is not installed.\n${HOW_TO_FIX}`);
  log('building FerretDB v1.24.2 from the Go module proxy (first run only, about 2 minutes)…');
  mkdirSync(dirname(binary), { recursive: true });
  const partial = `${binary}.partial-${process.pid}`;
  const work = join(repoRoot, '.cache', `ferretdb-build-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  const result = spawnSync(go, ['build', '-trimpath', '-o', partial, '.'], {
    cwd: patchedSources(go, work),
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' },
  });
  rmSync(work, { recursive: true, force: true });
  if (result.status !== 0) {
    throw new DatabaseUnavailableError(`Building FerretDB failed (go build exited ${result.status}).\n${HOW_TO_FIX}`);
  }
  // Renaming is atomic, so parallel starts never run a half-written binary.
  renameSync(partial, binary);
  return binary;
}

export function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, command))) return join(dir, command);
  }
  return undefined;
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

async function waitForPing(uri: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
    try {
      await client.connect();
      await client.db('admin').command({ ping: 1 });
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await client.close().catch(() => {});
    }
  }
  return false;
}
