// `npm run bench`: measures MAS against a hand-written baseline on this machine,
// in one run, and prints ratios (never pass/fail). Results: bench-results/latest.json.
//   BENCH_SECONDS=10 (per load run)   BENCH_ONLY=lists,scale (sections: lists, fanout, login, scale)
//   BENCH_SIZES=1000,10000,100000 (admissions)   BENCH_AUDIT_PER_ADMISSION=10 (1M audit entries at 10,000: 100)
//   BENCH_ADMISSIONS_PER_DAY=33 (the history's pace: more admissions, more years)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { freePort, repoRoot, resolveDatabaseName, startDatabase } from '@mas/db';
import autocannon from 'autocannon';
import WebSocket from 'ws';
import { createMasClient } from '../src/client.ts';
import { hashPassword, verifyPassword } from '../src/domains/auth/password.ts';
import { connectDatabase, disconnectDatabase } from '../src/db/connection.ts';
import '../src/router.ts';
import { seed } from '../scripts/seed-data.ts';
import { recountAllTallies } from '../src/db/tallies.ts';
import { loadAudit, purgeAudit } from '../src/core/audit-trail.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** BENCH_ONLY=fanout,login runs only those sections (lists, fanout, login, scale); all by default. */
const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
const wanted = (section: string) => !only || only.includes(section);
const PASSWORD = 'bench-admin-password';
const results: Record<string, unknown> = {
  machine: {
    cpus: cpus().length,
    model: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  date: new Date().toISOString(),
};
const children: ChildProcess[] = [];
const log = (line: string) => console.log(line);

const loopFile = join(mkdtempSync(join(tmpdir(), 'mas-bench-')), 'event-loop.jsonl');

function start(script: string, env: Record<string, string>): ChildProcess {
  const monitor = join(import.meta.dirname, 'loop-monitor.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', monitor, script], {
    env: { ...process.env, LOG_LEVEL: 'warn', JOBS_ENABLED: 'false', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  return child;
}

async function until(url: string) {
  for (let i = 0; i < 600; i++) {
    if ((await fetch(url).catch(() => null))?.ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never came up`);
}

async function load(url: string, headers: Record<string, string> = {}, options: Partial<autocannon.Options> = {}) {
  const result = await autocannon({ url, connections: 10, duration: SECONDS, timeout: 60, headers, ...options });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50ms: result.latency.p50,
    p99ms: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

function compare(name: string, ours: Awaited<ReturnType<typeof load>>, baseline: Awaited<ReturnType<typeof load>>) {
  const row = {
    ours,
    baseline,
    throughputRatio: +(ours.requestsPerSecond / baseline.requestsPerSecond).toFixed(2),
    p99Ratio: +(ours.p99ms / Math.max(baseline.p99ms, 1)).toFixed(2),
  };
  results[name] = row;
  log(
    `${name}: ${ours.requestsPerSecond} req/s (p50 ${ours.p50ms} ms, p99 ${ours.p99ms} ms) vs baseline ${baseline.requestsPerSecond} req/s (p99 ${baseline.p99ms} ms) → ${row.throughputRatio}× throughput, ${row.p99Ratio}× p99`,
  );
}

const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);

try {
  const database = await startDatabase({ log });
  // A scratch database beside the one MONGODB_URI / MONGODB_DB names (`mongodb://host/hospital` →
  // `hospital_bench_<time>`): the bench seeds, so it never writes into the named database itself.
  const dbName = `${resolveDatabaseName(database.uri, process.env.MONGODB_DB)}_bench_${Date.now()}`;
  const [apiPort, basePort] = [await freePort(), await freePort()];
  const env = { MONGODB_URI: database.uri, MONGODB_DB: dbName, MAS_ADMIN_PASSWORD: PASSWORD };
  start(join(import.meta.dirname, '../src/main.ts'), { ...env, PORT: String(apiPort), BENCH_LOOP_FILE: loopFile });
  start(join(import.meta.dirname, 'baseline.ts'), { ...env, PORT: String(basePort) });
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  const baseUrl = `http://127.0.0.1:${basePort}`;
  await Promise.all([until(`${apiUrl}/readyz`), until(`${baseUrl}/baseline/specialties`)]);

  const mongoose = await connectDatabase(database.uri, dbName);
  log('seeding 1,000 admissions and their people, rooms and catalogues…');
  await seed({ admissions: 1_000, log });

  const anonymous = createMasClient({ url: apiUrl });
  const { token } = await anonymous.auth.login.mutate({ username: 'admin', password: PASSWORD, mode: 'token' });
  anonymous.close();
  const auth = { authorization: `Bearer ${token}` };
  const trpcGet = (path: string, input: unknown) =>
    `${apiUrl}/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;

  if (wanted('lists')) {
    log(`\n— list throughput (${SECONDS} s each, 10 connections) —`);
    compare(
      'specialty.list',
      await load(trpcGet('specialty.list', { page: 1, perPage: 25 }), auth),
      await load(`${baseUrl}/baseline/specialties?page=1&perPage=25`),
    );
    // A page takes seconds on FerretDB: run long enough for a few dozen samples.
    const slow = { duration: Math.max(SECONDS, 20) };
    compare(
      'admission.list',
      await load(trpcGet('admission.list', { page: 1, perPage: 25 }), auth, slow),
      await load(`${baseUrl}/baseline/admissions?page=1&perPage=25`, {}, slow),
    );
  }
  if (wanted('fanout')) {
    log('\n— WebSocket fan-out —');
    // A fresh API process of its own, so its memory growth is the connections' and not earlier load's.
    const fanPort = await freePort();
    const fanApi = start(join(import.meta.dirname, '../src/main.ts'), { ...env, PORT: String(fanPort) });
    const fanUrl = `http://127.0.0.1:${fanPort}`;
    await until(`${fanUrl}/readyz`);
    await new Promise((r) => setTimeout(r, 2000));
    const fanout: Record<string, unknown> = {};
    const sockets: WebSocket[] = [];
    const baseRss = rssKb(fanApi.pid!);
    for (const target of [100, 500, 2000]) {
      while (sockets.length < target) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(100, target - sockets.length) }, async () => {
            const socket = new WebSocket(`${fanUrl.replace('http', 'ws')}/trpc`, {
              headers: { cookie: `mas_session=${token}` },
            });
            await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
            await new Promise((resolve) => {
              socket.once('message', resolve);
              socket.send(
                JSON.stringify({
                  id: 1,
                  method: 'subscription',
                  params: { path: 'specialty.onChange', input: { json: undefined } },
                }),
              );
            });
            return socket;
          }),
        );
        sockets.push(...batch);
      }
      await new Promise((r) => setTimeout(r, 500));
      const perConnectionKb = Math.round((rssKb(fanApi.pid!) - baseRss) / sockets.length);
      const latencies: number[] = [];
      const sinceStamp: number[] = [];
      const writes: number[] = [];
      let lost = 0;
      const client = createMasClient({ url: fanUrl, token: token! });
      for (let round = 0; round < 10; round++) {
        const name = `fan-out ${target} ${round}`;
        let commit!: () => void;
        const committed = new Promise<void>((resolve) => (commit = resolve));
        const arrivals = sockets.map(
          (socket) =>
            new Promise<{ at: number; sinceStamp: number } | null>((resolve) => {
              const onMessage = (data: WebSocket.RawData) => {
                const text = String(data);
                if (!text.includes(name)) return;
                socket.off('message', onMessage);
                // The server stamps createdAt just before its insert: receipt minus stamp bounds commit-to-receipt.
                const stamp = Date.parse(/"createdAt":"([^"]+)"/.exec(text)?.[1] ?? '');
                resolve({ at: performance.now(), sinceStamp: Date.now() - stamp });
              };
              socket.on('message', onMessage);
              // Lost means not there 10 s after the mutation returned (a slow write is not a lost event).
              void committed.then(() => setTimeout(() => (socket.off('message', onMessage), resolve(null)), 10_000));
            }),
        );
        const sent = performance.now();
        await client.specialty.create.mutate({ name });
        writes.push(performance.now() - sent);
        commit();
        for (const arrival of await Promise.all(arrivals)) {
          if (!arrival) lost++;
          else {
            latencies.push(arrival.at - sent);
            sinceStamp.push(arrival.sinceStamp);
          }
        }
      }
      client.close();
      const percentile = (values: number[], p: number) => {
        const sorted = [...values].sort((a, b) => a - b);
        return +(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN).toFixed(1);
      };
      const pct = (p: number) => percentile(latencies, p);
      const fromStamp = (p: number) => percentile(sinceStamp, p);
      const writeMs = +(writes.sort((a, b) => a - b)[writes.length >> 1] ?? NaN).toFixed(1);
      fanout[target] = {
        p50ms: fromStamp(50),
        p99ms: fromStamp(99),
        fromCallP50ms: pct(50),
        fromCallP99ms: pct(99),
        lost,
        rssPerConnectionKb: perConnectionKb,
        mutationP50ms: writeMs,
      };
      log(
        `${target} subscribers: p50 ${fromStamp(50)} ms, p99 ${fromStamp(99)} ms from the server's stamp (from the call: p50 ${pct(50)}, p99 ${pct(99)} ms; the whole call p50 ${writeMs} ms), lost ${lost} of ${10 * target}, ~${perConnectionKb} KB RSS per connection`,
      );
    }
    for (const socket of sockets) socket.close();
    fanApi.kill('SIGTERM');
    results.fanout = fanout;
  }
  if (wanted('login')) {
    log('\n— login throughput (argon2id m=19 MiB, t=2, p=1) —');
    const stalls: number[] = [];
    let probing = true;
    const probe = (async () => {
      while (probing) {
        const started = performance.now();
        await fetch(`${apiUrl}/healthz`);
        stalls.push(performance.now() - started);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const loginStarted = Date.now();
    const login = await load(
      `${apiUrl}/trpc/auth.login`,
      { 'content-type': 'application/json' },
      {
        method: 'POST',
        body: JSON.stringify({ json: { username: 'admin', password: PASSWORD, mode: 'token' } }),
        connections: 8,
      },
    );
    probing = false;
    await probe;
    const worst = +Math.max(...stalls).toFixed(1);
    await new Promise((r) => setTimeout(r, 600));
    // The API process's own measurement: the longest event-loop delay while logins ran.
    const stall = Math.max(
      ...readFileSync(loopFile, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { at: number; maxMs: number })
        .filter((sample) => sample.at > loginStarted + 500)
        .map((sample) => sample.maxMs),
    );
    // The ceiling: bare argon2id verifications, 8 at a time, in this process with the same parameters.
    const hash = await hashPassword(PASSWORD);
    let verified = 0;
    const deadline = performance.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (performance.now() < deadline) if (await verifyPassword(hash, PASSWORD)) verified++;
      }),
    );
    const bare = Math.round(verified / SECONDS);
    results.login = { ...login, longestEventLoopStallMs: stall, worstHealthzMs: worst, bareVerifiesPerSecond: bare };
    log(
      `login: ${login.requestsPerSecond}/s (p99 ${login.p99ms} ms, errors ${login.errors}) vs ${bare} bare argon2 verifications/s → ${(login.requestsPerSecond / bare).toFixed(2)}×; longest event-loop stall meanwhile ${stall} ms (slowest /healthz ${worst} ms)`,
    );
  }
  if (wanted('scale')) {
    log('\n— first page of every screen as the data grows (one client) —');
    // One request at a time: the best of three for each screen's first page (25 rows, names resolved).
    /** The users of the benchmark's audit trail (`user0`…`user49`). */
    const benchActors = Array.from(
      { length: 50 },
      (_, i) => new mongoose.Types.ObjectId(i.toString(16).padStart(24, 'b')),
    );
    const screens: Record<string, [string, unknown]> = {
      'admissions (all)': ['admission.list', { page: 1, perPage: 25 }],
      'admissions (active)': ['admission.list', { page: 1, perPage: 25, status: 'active' }],
      'admissions (discharged)': ['admission.list', { page: 1, perPage: 25, status: 'discharged' }],
      patients: ['patient.list', { page: 1, perPage: 25 }],
      staff: ['medicalStaff.list', { page: 1, perPage: 25 }],
      'bed board': ['room.board', undefined],
      dashboard: ['dashboard.stats', { from: new Date(Date.now() - 30 * 86_400_000), to: new Date() }],
      audit: ['audit.list', { page: 1, perPage: 25 }],
      // The trail's other views (core/audit-trail.ts): posting lists, binary search over numbers.
      'audit, one user': ['audit.list', { page: 1, perPage: 25, search: 'user7' }],
      'audit, one actor': ['audit.list', { page: 1, perPage: 25, actorId: String(benchActors[7]) }],
      'audit, one record': ['audit.list', { page: 1, perPage: 25, entity: 'patient', entityId: 'rec2' }],
      'audit, deletes': ['audit.list', { page: 1, perPage: 25, action: 'delete' }],
      'audit, last day': [
        'audit.list',
        { page: 1, perPage: 25, from: new Date(Date.now() - 86_400_000), to: new Date() },
      ],
      'audit, oldest first': ['audit.list', { page: 1, perPage: 25, sort: { field: 'createdAt', direction: 'asc' } }],
      'audit, record + action': [
        'audit.list',
        { page: 1, perPage: 25, entity: 'patient', entityId: 'rec2', action: 'read' },
      ],
      notifications: ['notification.list', { page: 1, perPage: 25 }],
    };
    const superjsonGet = (path: string, input: unknown) => {
      if (input === undefined) return `${apiUrl}/trpc/${path}`;
      const dates = Object.entries(input as Record<string, unknown>).filter(([, value]) => value instanceof Date);
      const meta = dates.length ? { meta: { values: Object.fromEntries(dates.map(([key]) => [key, ['Date']])) } } : {};
      return `${apiUrl}/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input, ...meta }))}`;
    };
    const pageCost = async (path: string, input: unknown) => {
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        const response = await fetch(superjsonGet(path, input), { headers: auth });
        if (!response.ok)
          throw new Error(`${path} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
        await response.arrayBuffer();
        times.push(performance.now() - started);
      }
      return +Math.min(...times).toFixed(1);
    };
    /** Audit entries per admission (a hospital audits every record read: ~100 per admission a year). */
    const auditPer = Number(process.env.BENCH_AUDIT_PER_ADMISSION ?? 10);
    const sizes = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
    const admissionsPerDay = Number(process.env.BENCH_ADMISSIONS_PER_DAY ?? 33);
    const db = mongoose.connection.db!;
    const scale: Record<string, Record<string, number>> = {};
    const purges: Record<string, { entries: number; ms: number; dateFilterMs: number }> = {};
    let historyStart: number | null = null;
    for (const size of sizes) {
      const have = await db.collection('admissions').countDocuments();
      // History at a hospital's pace (BENCH_ADMISSIONS_PER_DAY, default 33: 200 beds make ~12,000 a year),
      // so a larger size means more years, as it does in a hospital; the newest admissions are as dense at any size.
      const months = Math.max(1, Math.ceil(size / (admissionsPerDay * 30)));
      if (have < size) await seed({ admissions: size - have, log, reuse: true, months });
      const wantAudits = size * auditPer;
      if ((await db.collection('audit').estimatedDocumentCount()) < wantAudits) {
        // Numbers follow time (views find date ranges by number): a history a year long cannot be
        // numbered after entries of today, so the trail is emptied first, by the purge (timed).
        let started = performance.now();
        const cleared = await purgeAudit(new Date(Date.now() + 1000), Infinity);
        const clearMs = performance.now() - started;
        log(
          `  audit trail emptied: ${cleared.toLocaleString('en')} entries and their postings purged in ${(clearMs / 1000).toFixed(1)} s`,
        );
        started = performance.now();
        // Prepared entries in bulk (not the service), numbered and posted as the service does:
        // one every 30 s up to now, by 50 users, reads and lists mostly, over 20,000 records.
        const since = Date.now() - wantAudits * 30_000;
        historyStart = since;
        for (let done = 0; done < wantAudits; done += 5000) {
          await loadAudit(
            Array.from({ length: Math.min(5000, wantAudits - done) }, (_, i) => {
              const n = done + i;
              const action = n % 100 === 0 ? 'delete' : n % 10 < 6 ? 'list' : n % 10 < 9 ? 'read' : 'update';
              return {
                createdAt: new Date(since + n * 30_000),
                actorId: benchActors[n % benchActors.length]!,
                actorUsername: `user${n % benchActors.length}`,
                action,
                entity: n % 3 ? 'patient' : 'admission',
                entityId: action === 'list' ? null : `rec${n % 20_000}`,
                label: null,
                coded: null,
                changes: [],
                ip: '127.0.0.1',
              };
            }),
          );
        }
        await recountAllTallies(['audit']);
        log(
          `  audit entries: ${wantAudits.toLocaleString('en')} (added in ${((performance.now() - started) / 1000).toFixed(0)} s)`,
        );
      }
      scale[size] = {};
      for (const [name, [path, input]] of Object.entries(screens)) {
        scale[size]![name] = await pageCost(path, input);
        log(
          `${size.toLocaleString('en')} admissions, ${wantAudits.toLocaleString('en')} audit entries — ${name}: ${scale[size]![name]} ms`,
        );
      }
      // The nightly purge's usual work: the oldest day of entries (2,880 at one every 30 s) and their postings.
      if (historyStart !== null) {
        historyStart += 86_400_000;
        const started = performance.now();
        const entries = await purgeAudit(new Date(historyStart), Infinity);
        const ms = Math.round(performance.now() - started);
        // What the purge ran before: one date filter over the whole trail (here a count, which scans as a delete does).
        const scanStarted = performance.now();
        await db.collection('audit').countDocuments({ createdAt: { $lt: new Date(historyStart) } });
        purges[size] = { entries, ms, dateFilterMs: Math.round(performance.now() - scanStarted) };
        log(
          `${size.toLocaleString('en')} admissions, ${wantAudits.toLocaleString('en')} audit entries — purge of the oldest day: ${entries.toLocaleString('en')} entries in ${ms} ms (a date filter over the trail: ${purges[size]!.dateFilterMs} ms)`,
        );
      }
    }
    // Evidence of how the server runs the page's query shapes (FerretDB reports its pushdown; MongoDB its plan).
    const explain = async (command: Record<string, unknown>) => {
      const plan = (await mongoose.connection.db!.command({ explain: command })) as Record<string, unknown>;
      return {
        filterPushdown: plan.filterPushdown ?? null,
        sortPushdown: plan.sortPushdown ?? null,
        plan: JSON.stringify(plan.queryPlanner ?? {}).slice(0, 160),
      };
    };
    const shapes = {
      newestFirst: await explain({ find: 'admissions', filter: {}, sort: { admittedAt: -1, _id: -1 }, limit: 25 }),
      activeOnly: await explain({
        find: 'admissions',
        filter: { status: 'active' },
        sort: { admittedAt: -1 },
        limit: 25,
      }),
      // Names and the numbered audit pages are point lookups by `_id` (SEARCH … USING INDEX on FerretDB).
      pointLookup: await explain({ find: 'patients', filter: { _id: new mongoose.Types.ObjectId() }, limit: 1 }),
    };
    const first = scale[sizes[0]!]!;
    const last = scale[sizes.at(-1)!]!;
    const growth = Object.fromEntries(
      Object.keys(screens).map((name) => [name, +(last[name]! / Math.max(first[name]!, 0.5)).toFixed(1)]),
    );
    results.scale = { pageMs: scale, auditPerAdmission: auditPer, admissionsPerDay, growth, shapes, purges };
    log(
      `page cost at ${sizes.at(-1)!.toLocaleString('en')} vs ${sizes[0]!.toLocaleString('en')}: ${JSON.stringify(growth)}`,
    );
    for (const [name, shape] of Object.entries(shapes))
      log(
        `  ${name}: filter pushdown ${shape.filterPushdown}, sort pushdown ${shape.sortPushdown}, plan ${shape.plan}`,
      );
  }

  await disconnectDatabase();
  for (const child of children) child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 1000));
  await database.stop();

  const out = join(repoRoot, 'bench-results');
  mkdirSync(out, { recursive: true });
  const file = only ? `latest-${only.join('-')}.json` : 'latest.json';
  writeFileSync(join(out, file), JSON.stringify(results, null, 2));
  log(`\nresults written to bench-results/${file}`);
} finally {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
}
