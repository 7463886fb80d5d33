// One database server per data folder: `npm run db` while `npm start` runs (or two started at once)
// must not put two servers on the same SQLite files. The second is refused and told who holds it;
// a lock left by a dead process is taken over.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DataFolderInUseError,
  embeddedServerNotice,
  EMBEDDED_LIMITS,
  freePort,
  LOCK_FILE,
  repoRoot,
  seedSizeWarning,
  startDatabase,
  type LockHolder,
  type RunningDatabase,
} from '@mas/db';
import { MongoClient } from 'mongodb';
import { afterEach, describe, expect, inject, it } from 'vitest';

const embedded = inject('databaseKind') !== 'uri';
const started: RunningDatabase[] = [];
const processes: ChildProcess[] = [];
afterEach(async () => {
  for (const child of processes.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const database of started.splice(0)) await database.stop();
});

const folder = () => mkdtempSync(join(tmpdir(), 'mas-lock-'));
const readLock = (dir: string) => JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as LockHolder;

async function ping(uri: string) {
  const client = await MongoClient.connect(uri, { serverSelectionTimeoutMS: 2000 });
  try {
    return (await client.db('admin').command({ ping: 1 })).ok as number;
  } finally {
    await client.close();
  }
}

/** A pid no process has: one that just exited. */
async function deadPid() {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((done) => child.once('exit', done));
  return child.pid!;
}

/** `npm run db` on a folder and port, as its own process; resolves when it printed its URI or exited. */
function runDbCli(dataDir: string, port: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'packages/db/src/cli.ts')], {
    cwd: repoRoot,
    env: { ...process.env, MONGODB_URI: '', MAS_DATA_DIR: dataDir, MAS_DB_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  processes.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ child: ChildProcess; uri?: string; code?: number | null; stderr: () => string }>((done) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const uri = /mongodb:\/\/\S+/.exec(stdout)?.[0];
      if (uri) done({ child, uri, stderr: () => stderr });
    });
    child.once('exit', (code) => done({ child, code, stderr: () => stderr }));
  });
}

describe.skipIf(!embedded)('the data folder lock', () => {
  it('refuses a second server on a folder in use, naming the holder, and frees the folder on stop', async () => {
    const dataDir = folder();
    const port = await freePort();
    const first = await startDatabase({ dataDir, port, mongodbUri: '' });
    started.push(first);

    const second = startDatabase({ dataDir, mongodbUri: '' });
    await expect(second).rejects.toBeInstanceOf(DataFolderInUseError);
    const message = await second.catch((error: Error) => error.message);
    expect(message).toContain(`pid ${process.pid}`);
    expect(message).toContain(`port ${port}`);
    expect(message).toContain(`MONGODB_URI=mongodb://127.0.0.1:${port}`);
    expect(message).toContain(dataDir);
    // The first server is untouched, and names the server process it spawned in its lock.
    expect(await ping(first.uri)).toBe(1);
    expect(readLock(dataDir)).toMatchObject({ pid: process.pid, port, serverPid: expect.any(Number) });

    await first.stop();
    started.splice(0);
    const again = await startDatabase({ dataDir, mongodbUri: '' });
    started.push(again);
    expect(await ping(again.uri)).toBe(1);
  });

  it('of two `npm run db` started at once on one folder, runs exactly one and tells the other who holds it', async () => {
    const dataDir = folder();
    const ports = [await freePort(), await freePort()];
    const runs = await Promise.all(ports.map((port) => runDbCli(dataDir, port)));
    const winners = runs.filter((run) => run.uri);
    const losers = runs.filter((run) => !run.uri);
    expect(winners, runs.map((run) => run.stderr()).join('\n')).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const [winner, loser] = [winners[0]!, losers[0]!];
    expect(loser.code).toBe(1);
    expect(loser.stderr()).toContain(`already served by another MAS database server (pid ${winner.child.pid}`);
    expect(loser.stderr()).toContain(`port ${/:(\d+)/.exec(winner.uri!)![1]}`);
    expect(loser.stderr()).toContain('npm run db, since');
    expect(await ping(winner.uri!)).toBe(1);
    // The one that runs says what it is, where its limits are and how to use MongoDB instead.
    await expect.poll(() => winner.stderr()).toContain(embeddedServerNotice());

    winner.child.kill('SIGTERM');
    await new Promise((done) => winner.child.once('exit', done));
    expect(() => readLock(dataDir)).toThrow(/ENOENT/);
  }, 60_000);

  it('takes over a lock whose process died, and one left damaged', async () => {
    const dataDir = folder();
    const dead = await deadPid();
    writeFileSync(
      join(dataDir, LOCK_FILE),
      JSON.stringify({ pid: dead, port: 1, command: 'crashed', startedAt: 'earlier', token: 'stale1' }),
    );
    const database = await startDatabase({ dataDir, mongodbUri: '' });
    started.push(database);
    expect(readLock(dataDir)).toMatchObject({ pid: process.pid });
    expect(readLock(dataDir).token).not.toBe('stale1');
    await database.stop();
    started.splice(0);

    writeFileSync(join(dataDir, LOCK_FILE), 'not json');
    const next = await startDatabase({ dataDir, mongodbUri: '' });
    started.push(next);
    expect(readLock(dataDir)).toMatchObject({ pid: process.pid });
  });

  it('lets exactly one of two processes take over a stale lock at once', async () => {
    const dataDir = folder();
    writeFileSync(
      join(dataDir, LOCK_FILE),
      JSON.stringify({ pid: await deadPid(), port: 1, command: 'crashed', startedAt: 'earlier', token: 'stale2' }),
    );
    const runs = await Promise.all([await freePort(), await freePort()].map((port) => runDbCli(dataDir, port)));
    expect(
      runs.filter((run) => run.uri),
      runs.map((run) => run.stderr()).join('\n'),
    ).toHaveLength(1);
    const loser = runs.find((run) => !run.uri)!;
    expect(loser.code).toBe(1);
    expect(loser.stderr()).toContain('already served by another MAS database server');
  }, 60_000);
});

describe('what the embedded server is said to be good for', () => {
  it('names itself, its measured limits and the way to MongoDB, in one line', () => {
    const notice = embeddedServerNotice();
    expect(notice).not.toContain('\n');
    expect(notice).toMatch(/local development database/);
    expect(notice).toContain(EMBEDDED_LIMITS.comfortableAdmissions.toLocaleString('en'));
    expect(notice).toContain(EMBEDDED_LIMITS.measured);
    expect(notice).toContain('MONGODB_URI=mongodb://');
  });

  it('warns a seed larger than that on the embedded server only', () => {
    const limit = EMBEDDED_LIMITS.comfortableAdmissions;
    expect(seedSizeWarning('ferretdb', limit)).toBeUndefined();
    expect(seedSizeWarning('ferretdb', limit + 1)).toMatch(/more than the embedded development database serves well/);
    expect(seedSizeWarning('ferretdb', 100_000)).toContain('--admissions 100000');
    expect(seedSizeWarning('uri', 100_000)).toBeUndefined();
    expect(seedSizeWarning('mongod', 100_000)).toBeUndefined();
  });
});
