// Many API processes, one system: two real API processes (as `docker compose up
// --scale api=N` runs them) share one database and one Redis. Process A is the
// production bundle (`node dist/main.js`, the API image's CMD) running the job
// worker; process B runs the TypeScript sources with JOBS_ENABLED=false, as the
// `api` replicas do. In-process servers cannot show this: mongoose is a
// process-wide singleton.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { MongoBackend } from '@agendajs/mongo-backend';
import { Agenda } from 'agenda';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { createMasClient, type MasClient } from '../src/client.ts';
import { ADMIN_PASSWORD, waitFor } from './helpers.ts';

const apiRoot = join(import.meta.dirname, '..');
const databaseName = `t_x_${randomBytes(5).toString('hex')}`;

interface ApiProcess {
  name: string;
  child: ChildProcess;
  url: string;
  /** Every structured log line the process wrote, parsed. */
  logs: Array<Record<string, unknown>>;
  exited: Promise<number | null>;
}

/** Starts one API process on a free port and resolves once it listens. */
function startApi(name: string, args: string[], env: Record<string, string>): Promise<ApiProcess> {
  const child = spawn(process.execPath, args, {
    cwd: apiRoot,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      MONGODB_URI: inject('mongoUri'),
      MONGODB_DB: databaseName,
      MAS_ADMIN_USERNAME: 'admin',
      MAS_ADMIN_PASSWORD: ADMIN_PASSWORD,
      // The daily purge must not fire on its own during the test; jobs are enqueued explicitly.
      PURGE_SCHEDULE: '0 0 1 1 *',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<number | null>((done) =>
    child.once('exit', (code) => {
      process.removeListener('exit', killOnExit);
      done(code);
    }),
  );
  const logs: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s\n${stderr}`)), 60_000);
    void exited.then((code) => reject(new Error(`${name} exited with ${code} before listening\n${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      logs.push(entry);
      if (entry.msg === 'MAS API listening') {
        clearTimeout(timer);
        resolve({ name, child, url: String(entry.url), logs, exited });
      }
    });
  });
}

async function stopApi(api: ApiProcess | undefined): Promise<number | null> {
  if (!api) return null;
  if (api.child.exitCode === null && api.child.signalCode === null) {
    api.child.kill('SIGTERM');
    const force = setTimeout(() => api.child.kill('SIGKILL'), 10_000);
    const code = await api.exited;
    clearTimeout(force);
    return code;
  }
  return api.child.exitCode;
}

/** Resolves early in the next wall-clock second (ObjectId timestamps have one-second resolution). */
async function nextSecond() {
  await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 5));
}

let worker: ApiProcess | undefined;
let replica: ApiProcess | undefined;
let token: string;
const clients: MasClient[] = [];

function client(api: ApiProcess): MasClient {
  const created = createMasClient({ url: api.url, token });
  clients.push(created);
  return created;
}

beforeAll(async () => {
  const redisUrl = inject('redisUrl');
  if (!redisUrl) {
    throw new Error(
      'The cross-process tests need Redis (the bus between API processes): apt-get install -y redis-server, or set REDIS_URL.',
    );
  }
  // The same bundle the API image runs (packages/api/scripts/bundle.mjs → dist/main.js).
  execFileSync(process.execPath, ['scripts/bundle.mjs'], { cwd: apiRoot, stdio: 'pipe' });
  // Both start at once on an empty database: first-start data must come out exactly once.
  [worker, replica] = await Promise.all([
    startApi('worker (bundle)', ['--enable-source-maps', 'dist/main.js'], {
      REDIS_URL: redisUrl,
      JOBS_ENABLED: 'true',
    }),
    startApi('replica (sources)', ['--import', 'tsx', 'src/main.ts'], { REDIS_URL: redisUrl, JOBS_ENABLED: 'false' }),
  ]);
  const anonymous = createMasClient({ url: worker.url });
  const login = await anonymous.auth.login.mutate({ username: 'admin', password: ADMIN_PASSWORD, mode: 'token' });
  anonymous.close();
  token = login.token!;
});

afterAll(async () => {
  for (const created of clients) created.close();
  await Promise.all([stopApi(worker), stopApi(replica)]);
  const mongo = await MongoClient.connect(inject('mongoUri'));
  await mongo
    .db(databaseName)
    .dropDatabase()
    .catch(() => {});
  await mongo.close();
});

describe('two API processes sharing one database and one Redis', () => {
  it('both serve, answer /readyz and accept the same session', async () => {
    for (const api of [worker!, replica!]) {
      const ready = await fetch(`${api.url}/readyz`);
      expect(ready.status, api.name).toBe(200);
      expect(await client(api).auth.me.query()).toMatchObject({ username: 'admin', roleName: 'Superadmin' });
    }
    // Started together on an empty database, yet one first admin and one set of built-in roles.
    const mongo = await MongoClient.connect(inject('mongoUri'));
    const db = mongo.db(databaseName);
    expect(await db.collection('users').countDocuments({ username: 'admin' })).toBe(1);
    expect(await db.collection('roles').countDocuments()).toBe(6);
    await mongo.close();
  });

  it('end a socket on one process within a second of logout through the other', async () => {
    const anonymous = createMasClient({ url: worker!.url });
    const { token: session } = await anonymous.auth.login.mutate({
      username: 'admin',
      password: ADMIN_PASSWORD,
      mode: 'token',
    });
    anonymous.close();
    const socket = new WebSocket(`${replica!.url.replace('http', 'ws')}/trpc`, {
      headers: { authorization: `Bearer ${session}` },
    });
    const replies: Array<{ id: number; result?: { type: string }; error?: { json: { data: { code: string } } } }> = [];
    let closedWith: number | undefined;
    socket.on('message', (data) => replies.push(JSON.parse(String(data))));
    socket.on('close', (code) => (closedWith = code));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ id: 1, method: 'subscription', params: { path: 'room.onChange', input: {} } }));
    await waitFor(() => replies.find((reply) => reply.result?.type === 'started'));
    const loggedOut = Date.now();
    await createMasClient({ url: worker!.url, token: session! }).auth.logout.mutate();
    const ended = await waitFor(() => replies.find((reply) => reply.error), 1500);
    expect(ended.error?.json.data.code).toBe('UNAUTHORIZED');
    await waitFor(() => closedWith, 1500);
    expect(closedWith).toBe(4401);
    expect(Date.now() - loggedOut).toBeLessThan(1500);
  });

  it('deliver a change made through one process to subscribers of the other, both ways', async () => {
    for (const [writer, watcher] of [
      [worker!, replica!],
      [replica!, worker!],
    ] as const) {
      const name = `Cross ${watcher.name} ${randomBytes(3).toString('hex')}`;
      const received: Array<{ eventId: string; type: string; name: string | undefined }> = [];
      let started = false;
      const subscription = client(watcher).specialty.onChange.subscribe(undefined, {
        onStarted: () => (started = true),
        onData: ({ id, data }) => received.push({ eventId: id, type: data.type, name: data.item?.name }),
      });
      await waitFor(() => started);
      const created = await client(writer).specialty.create.mutate({ name });
      const event = await waitFor(() => received.find((entry) => entry.name === name));
      expect(event, `${writer.name} → ${watcher.name}`).toMatchObject({ type: 'created', name });
      expect(event.eventId).toMatch(/^[a-f0-9]{24}$/);
      subscription.unsubscribe();
      expect(created.name).toBe(name);
    }
  });

  it('replay on one process what was written through the other while a subscriber was away', async () => {
    const watcher = client(replica!);
    const writer = client(worker!);
    const seen: Array<{ id: string; name: string | undefined }> = [];
    let started = false;
    const first = watcher.specialty.onChange.subscribe(undefined, {
      onStarted: () => (started = true),
      onData: ({ id, data }) => seen.push({ id, name: data.item?.name }),
    });
    await waitFor(() => started);
    await nextSecond();
    await writer.specialty.create.mutate({ name: 'Replay anchor' });
    // Only the anchor matters: a late event of an earlier test may arrive too.
    const anchor = await waitFor(() => seen.find((event) => event.name === 'Replay anchor'));
    first.unsubscribe();

    await writer.specialty.create.mutate({ name: 'Missed on B 1' });
    await writer.specialty.create.mutate({ name: 'Missed on B 2' });

    const replayed: string[] = [];
    const second = watcher.specialty.onChange.subscribe(
      { lastEventId: anchor.id },
      { onData: ({ data }) => void replayed.push(data.item?.name ?? '') },
    );
    await waitFor(() => replayed.length >= 2);
    await new Promise((r) => setTimeout(r, 300));
    second.unsubscribe();
    expect(replayed).toEqual(['Missed on B 1', 'Missed on B 2']);
  });

  // Event ids are ObjectIds; ids from two processes in the same second sort by each process's
  // random bytes, not by time. Replay must not skip what another process wrote just after
  // the client's last event (see seenBefore in src/realtime/changes.ts).
  it('replays an event another process wrote in the same second after lastEventId', async () => {
    const watcher = client(replica!);
    const events: Array<{ id: string; name: string | undefined }> = [];
    let started = false;
    const live = watcher.specialty.onChange.subscribe(undefined, {
      onStarted: () => (started = true),
      onData: ({ id, data }) => events.push({ id, name: data.item?.name }),
    });
    await waitFor(() => started);
    const write = async (api: ApiProcess, name: string) => {
      await client(api).specialty.create.mutate({ name });
      return (await waitFor(() => events.find((event) => event.name === name))).id;
    };
    // Which process's ids sort higher within a second (its random ObjectId bytes are larger)?
    const processPart = (id: string) => id.slice(8, 18);
    const [a, b] = [
      await write(worker!, `Probe ${randomBytes(3).toString('hex')}`),
      await write(replica!, `Probe ${randomBytes(3).toString('hex')}`),
    ];
    const [high, low] = processPart(a) > processPart(b) ? [worker!, replica!] : [replica!, worker!];
    // The high process writes first, the low one right after, in the same second.
    let first = '';
    let later = '';
    for (let attempt = 0; attempt < 5; attempt++) {
      await nextSecond();
      first = await write(high, `First ${randomBytes(3).toString('hex')}`);
      later = await write(low, `Later ${randomBytes(3).toString('hex')}`);
      if (first.slice(0, 8) === later.slice(0, 8)) break;
    }
    live.unsubscribe();
    expect(first.slice(0, 8), 'both writes in one second').toBe(later.slice(0, 8));

    const replayed: string[] = [];
    let replayStarted = false;
    const again = watcher.specialty.onChange.subscribe(
      { lastEventId: first },
      { onStarted: () => (replayStarted = true), onData: ({ id }) => void replayed.push(id) },
    );
    await waitFor(() => replayStarted);
    await new Promise((r) => setTimeout(r, 500));
    again.unsubscribe();
    expect(replayed, 'the event written after lastEventId is replayed').toContain(later);
  });

  it('run jobs in the worker only (the replica has no job worker), each once on MongoDB', async () => {
    // Enqueue like any producer would: documents in the shared `jobs` collection.
    const mongo = await MongoClient.connect(inject('mongoUri'));
    const db = mongo.db(databaseName);
    const agenda = new Agenda({ backend: new MongoBackend({ mongo: db, collection: 'jobs' }) });
    await agenda.ready;
    const ids: string[] = [];
    for (let index = 0; index < 5; index++)
      ids.push(String((await agenda.now('retention.purge', { index })).attrs._id));

    const jobs = db.collection('jobs');
    const done = await waitFor(async () => {
      const docs = await jobs.find({ name: 'retention.purge', 'data.index': { $exists: true } }).toArray();
      return docs.length === ids.length && docs.every((doc) => doc.lastFinishedAt) ? docs : undefined;
    }, 20_000);
    await mongo.close();

    // Every job was locked by the worker's Agenda (named after its pid), none by the replica.
    expect(done.map((doc) => doc.lastModifiedBy)).toEqual(ids.map(() => `api-${worker!.child.pid}`));
    expect(done.filter((doc) => doc.failedAt)).toEqual([]);
    const finished = (api: ApiProcess) =>
      api.logs.filter((entry) => entry.msg === 'job finished' && entry.job === 'retention.purge').length;
    // The log line is written just before Agenda records the finish: wait for it, then give
    // a duplicate run time to show up.
    await waitFor(() => finished(worker!) >= ids.length, 5000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(finished(replica!), 'job runs in the replica').toBe(0);
    if (inject('databaseKind') === 'ferretdb') {
      // FerretDB's findAndModify is not atomic, so even one Agenda can lock a job twice when
      // many are due at once (measured: 50 due jobs → 83 runs); 5 run once in practice, but
      // only MongoDB guarantees it. The retention jobs are idempotent either way.
      expect(finished(worker!)).toBeGreaterThanOrEqual(ids.length);
    } else {
      expect(finished(worker!), 'job runs in the worker').toBe(ids.length);
    }
  });

  it('stop cleanly on SIGTERM', async () => {
    const [workerCode, replicaCode] = await Promise.all([stopApi(worker), stopApi(replica)]);
    expect([workerCode, replicaCode]).toEqual([0, 0]);
    for (const api of [worker!, replica!])
      expect(
        api.logs.some((entry) => entry.msg === 'MAS API stopped'),
        api.name,
      ).toBe(true);
  });
});
