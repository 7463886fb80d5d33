// One server per data folder: a second FerretDB (or mongod) on the same SQLite files would
// corrupt them. The lock is a file created atomically (`link` fails when it exists), holding the
// owner's pid and port so a refused start can say who holds the folder.
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export const LOCK_FILE = '.mas-db.lock';

export class DatabaseUnavailableError extends Error {
  override name = 'DatabaseUnavailableError';
}

/** Another live process serves this data folder (a DatabaseUnavailableError, so CLIs print it and exit 1). */
export class DataFolderInUseError extends DatabaseUnavailableError {
  override name = 'DataFolderInUseError';
  constructor(
    message: string,
    readonly holder: LockHolder,
  ) {
    super(message);
  }
}

export interface LockHolder {
  /** The Node process that started the server (the API, `npm run db`, the seed…). */
  pid: number;
  /** The server it started, once spawned. */
  serverPid?: number;
  port: number;
  command: string;
  startedAt: string;
  /** Tells this lock apart from any earlier one with the same pid. */
  token: string;
}

export interface DataFolderLock {
  path: string;
  holder: LockHolder;
  /** Records the spawned server's pid (a crashed parent whose server still runs keeps the folder locked). */
  setServerPid(pid: number): void;
  /** Removes the lock if it is still this one. Safe to call twice. */
  release(): void;
}

/** A lock whose holder died: a stale lock, taken over. */
function isAlive(pid: number | undefined): boolean {
  if (!pid || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(path: string): LockHolder | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as LockHolder;
    if (typeof parsed.token === 'string' && /^[a-z0-9]+$/.test(parsed.token)) return parsed;
  } catch {
    // not ours or damaged: a lock nobody can hold (handled as stale below)
  }
  return { pid: 0, port: 0, command: '?', startedAt: '?', token: `damaged${text.length}` };
}

/** What the user ran, as they would recognise it. */
const KNOWN_SCRIPTS: Record<string, string> = {
  'cli.ts': 'npm run db',
  'main.ts': 'the API (npm start)',
  'main.js': 'the API',
  'seed.ts': 'npm run seed',
};

function describeCommand(): string {
  const script = process.argv[1] ? basename(process.argv[1]) : 'node';
  return KNOWN_SCRIPTS[script] ?? script;
}

export function inUseMessage(dataDir: string, holder: LockHolder): string {
  const pids = holder.serverPid ? `pid ${holder.pid}, server pid ${holder.serverPid}` : `pid ${holder.pid}`;
  return (
    `The data folder ${dataDir} is already served by another MAS database server (${pids}, port ${holder.port}, ` +
    `${holder.command}, since ${holder.startedAt}); two servers writing the same files would corrupt them, so this ` +
    `one does not start. Use the running one (MONGODB_URI=mongodb://127.0.0.1:${holder.port} npm start, or npm run seed), ` +
    `stop it first (Ctrl+C where it runs, or kill ${holder.pid}), or give this one another folder (MAS_DATA_DIR=…). ` +
    `If pid ${holder.pid} is not a MAS process, delete ${join(dataDir, LOCK_FILE)}.`
  );
}

/**
 * Takes the data folder's lock or throws DataFolderInUseError naming the live holder. No race:
 * creating the lock is one atomic `link`, and a stale lock (its processes dead) is replaced only by
 * the one process that creates `<lock>.takeover-<its token>` first, after checking it is still there.
 */
export async function lockDataFolder(dataDir: string, port: number): Promise<DataFolderLock> {
  const path = join(dataDir, LOCK_FILE);
  const holder: LockHolder = {
    pid: process.pid,
    port,
    command: describeCommand(),
    startedAt: new Date().toISOString(),
    token: randomBytes(8).toString('hex'),
  };
  const temp = `${path}.${holder.token}.tmp`;
  const write = () => writeFileSync(temp, JSON.stringify(holder));
  const lock: DataFolderLock = {
    path,
    holder,
    setServerPid(pid) {
      holder.serverPid = pid;
      if (readHolder(path)?.token !== holder.token) return;
      write();
      renameSync(temp, path);
    },
    release() {
      if (readHolder(path)?.token === holder.token) rmSync(path, { force: true });
    },
  };

  for (let attempt = 0; attempt < 100; attempt++) {
    write();
    try {
      linkSync(temp, path);
      return lock;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      rmSync(temp, { force: true });
    }

    const current = readHolder(path);
    if (!current) continue; // released in between: try again
    if (isAlive(current.pid) || isAlive(current.serverPid)) {
      throw new DataFolderInUseError(inUseMessage(dataDir, current), current);
    }

    // Stale: only the process that claims this very lock (by its token) may replace it.
    const claim = `${path}.takeover-${current.token}`;
    try {
      writeFileSync(claim, String(process.pid), { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // Another process is taking it over; a claim left by one that died midway is cleared after 10 s.
      try {
        if (Date.now() - statSync(claim).mtimeMs > 10_000) rmSync(claim, { force: true });
      } catch {
        // gone already
      }
      await new Promise((done) => setTimeout(done, 50));
      continue;
    }
    try {
      if (readHolder(path)?.token === current.token) {
        write();
        renameSync(temp, path);
        return lock;
      }
    } finally {
      rmSync(claim, { force: true });
    }
  }
  throw new DatabaseUnavailableError(`Could not lock the data folder ${dataDir} (${path}).`);
}
