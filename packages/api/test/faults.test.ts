// Fault injection with real processes: the API restarted under subscribers,
// SIGTERM during a burst of writes, the database going away under load.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { freePort, startDatabase } from '@mas/db';
import { MongoClient } from 'mongodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createMasClient } from '../src/client.ts';
import { waitFor } from './helpers.ts';

const PASSWORD = 'fault-test-password';
const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts `src/main.ts` as its own process and waits until it is ready. */
async function startApi(port: number, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../src/main.ts')], {
    env: {
      ...process.env,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      MAS_ADMIN_PASSWORD: PASSWORD,
      JOBS_ENABLED: 'false',
      ...env,
    },
    stdio: 'ignore',
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null))?.status === 200, 60_000);
  return child;
}

async function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM') {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

async function tokenFor(url: string) {
  const anonymous = createMasClient({ url });
  const { token } = await anonymous.auth.login.mutate({ username: 'admin', password: PASSWORD, mode: 'token' });
  anonymous.close();
  return token!;
}

describe('faults', () => {
  it('a subscriber rides out an API restart and receives every change exactly once', async () => {
    // Two processes share live events through Redis; what A misses while down it replays from the database.
    const redis = inject('redisUrl');
    expect(redis, 'redis-server is needed: apt-get install -y redis-server').toBeTruthy();
    const db = {
      MONGODB_URI: inject('mongoUri'),
      MONGODB_DB: `faults_${randomBytes(4).toString('hex')}`,
      REDIS_URL: redis!,
    };
    const [portA, portB] = [await freePort(), await freePort()];
    let a = await startApi(portA, db);
    const b = await startApi(portB, db);
    const urlA = `http://127.0.0.1:${portA}`;
    const urlB = `http://127.0.0.1:${portB}`;
    const token = await tokenFor(urlA);
    const writer = createMasClient({ url: urlB, token });

    const subscriber = createMasClient({ url: urlA, token });
    const seen: Array<{ id: string; name: string }> = [];
    let started = 0;
    subscriber.specialty.onChange.subscribe(undefined, {
      onStarted: () => void started++,
      onData: ({ id, data }) => void seen.push({ id, name: data.item?.name ?? data.type }),
    });
    // Generous waits: three processes and Redis share two cores with the other test files.
    await waitFor(() => started === 1, 20_000);
    await writer.specialty.create.mutate({ name: 'before restart' });
    await waitFor(() => seen.length === 1, 20_000);

    await stop(a);
    for (const name of ['while down 1', 'while down 2', 'while down 3']) await writer.specialty.create.mutate({ name });
    a = await startApi(portA, db);
    await waitFor(() => seen.length >= 4, 20_000);
    await writer.specialty.create.mutate({ name: 'after restart' });
    await waitFor(() => seen.length >= 5, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 300));

    expect(seen.map((event) => event.name)).toEqual([
      'before restart',
      'while down 1',
      'while down 2',
      'while down 3',
      'after restart',
    ]);
    expect(new Set(seen.map((event) => event.id)).size).toBe(5);
    subscriber.close();
    writer.close();
    await Promise.all([stop(a), stop(b)]);
  }, 120_000);

  it('loses no acknowledged write when SIGTERM arrives during a burst', async () => {
    const db = { MONGODB_URI: inject('mongoUri'), MONGODB_DB: `burst_${randomBytes(4).toString('hex')}` };
    const port = await freePort();
    const api = await startApi(port, db);
    const url = `http://127.0.0.1:${port}`;
    const client = createMasClient({ url, token: await tokenFor(url) });

    const names = Array.from({ length: 150 }, (_, n) => `burst ${n}`);
    const exited = new Promise((resolve) => api.once('exit', resolve));
    let signalled = false;
    // SIGTERM lands once the burst is under way (after its third acknowledged write).
    let acknowledgedSoFar = 0;
    const calls = names.map((name, n) =>
      new Promise((r) => setTimeout(r, n * 5))
        .then(() => client.diagnosis.create.mutate({ name }))
        .then((result) => {
          if (++acknowledgedSoFar === 3 && !signalled) {
            signalled = true;
            api.kill('SIGTERM');
          }
          return result;
        }),
    );
    const results = await Promise.allSettled(calls);
    await exited;
    client.close();

    const acknowledged = names.filter((_, n) => results[n]!.status === 'fulfilled');
    expect(acknowledged.length).toBeGreaterThan(0);
    const mongo = await MongoClient.connect(inject('mongoUri'));
    const stored = new Set(
      (
        await mongo
          .db(db.MONGODB_DB)
          .collection('diagnoses')
          .find({}, { projection: { name: 1 } })
          .toArray()
      ).map((d) => d.name),
    );
    await mongo.close();
    for (const name of acknowledged) expect(stored.has(name), `${name} was acknowledged but is missing`).toBe(true);
  }, 120_000);

  it.skipIf(inject('databaseKind') === 'uri')(
    'fails calls cleanly while the database is down and recovers without a restart',
    async () => {
      const dbPort = await freePort();
      const dataDir = (await import('node:fs')).mkdtempSync(join((await import('node:os')).tmpdir(), 'mas-fault-db-'));
      let database = await startDatabase({ port: dbPort, dataDir, mongodbUri: '' });
      const port = await freePort();
      const api = await startApi(port, { MONGODB_URI: database.uri, MONGODB_DB: 'faults' });
      const url = `http://127.0.0.1:${port}`;
      const client = createMasClient({ url, token: await tokenFor(url) });
      await client.specialty.create.mutate({ name: 'up' });

      await database.stop();
      const started = Date.now();
      const failures = await Promise.allSettled(
        Array.from({ length: 20 }, (_, n) => client.specialty.list.query({ search: String(n) })),
      );
      expect(failures.every((result) => result.status === 'rejected')).toBe(true);
      expect(Date.now() - started).toBeLessThan(15_000);
      expect((await fetch(`${url}/readyz`)).status).toBe(503);

      database = await startDatabase({ port: dbPort, dataDir, mongodbUri: '' });
      await waitFor(async () => (await fetch(`${url}/readyz`)).status === 200, 30_000);
      await expect(client.specialty.list.query({})).resolves.toMatchObject({ total: 1 });
      client.close();
      await stop(api);
      await database.stop();
    },
    120_000,
  );
});
