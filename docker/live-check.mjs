// The docker stack without Docker: runs what the images run, wired as compose wires
// it, and checks it from the outside through nginx. Used by `docker/validate.sh --live`.
//
//   - "api image": @mas/api's production dependency closure (npm ls --omit=dev) plus
//     dist/main.js in a scratch folder, nothing else; two `api` replicas (JOBS_ENABLED=false)
//     on 127.0.0.2 and 127.0.0.3, same port, and one `worker` (JOBS_ENABLED=true);
//   - Redis with a password (redis-server), the database from MONGODB_URI or a scratch FerretDB;
//   - a tiny DNS server answering `api` with both replica addresses, standing in for
//     Docker's 127.0.0.11, so nginx resolves and balances exactly as under --scale api=2;
//   - nginx with docker/nginx/nginx.conf (test-config.sh changes only ports and paths),
//     serving a precompressed copy of packages/web/dist as the web image does.
//
//   node --import tsx docker/live-check.mjs     (MAS_LIVE_IDLE_SECONDS=35 by default)
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import superjson from 'superjson';
import WebSocket from 'ws';
import { freePort, startDatabase } from '../packages/db/src/index.ts';

const root = join(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'mas-live-'));
const idleSeconds = Number(process.env.MAS_LIVE_IDLE_SECONDS ?? 35);
const children = [];
const results = [];
let failed = 0;

function check(name, ok, detail = '') {
  results.push(`${ok ? '✔' : '✘'} ${name}${detail ? ` — ${detail}` : ''}`);
  console.log(results.at(-1));
  if (!ok) failed++;
}

// Whatever happens to this script, nothing it started outlives it.
process.on('exit', () => {
  for (const { child } of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

function start(name, command, args, options = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  const state = {
    name,
    child,
    logs: [],
    stderr: '',
    exited: new Promise((done) => child.once('exit', (code) => done(code))),
  };
  createInterface({ input: child.stdout }).on('line', (line) => {
    try {
      state.logs.push(JSON.parse(line));
    } catch {
      state.logs.push({ msg: line });
    }
  });
  child.stderr.on('data', (chunk) => (state.stderr = (state.stderr + chunk).slice(-8000)));
  children.push(state);
  return state;
}

async function until(what, test, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await test().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A minimal DNS server: A records for `api`, NXDOMAIN for everything else. */
function startDns(port, addresses) {
  const server = dgram.createSocket('udp4');
  server.on('message', (query, peer) => {
    let offset = 12;
    const labels = [];
    while (query[offset] !== 0) {
      labels.push(query.subarray(offset + 1, offset + 1 + query[offset]).toString());
      offset += query[offset] + 1;
    }
    const question = query.subarray(12, offset + 5);
    const qtype = query.readUInt16BE(offset + 1);
    const answers = labels.join('.').toLowerCase() === 'api' && qtype === 1 ? addresses : [];
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2);
    header.writeUInt16BE(answers.length || labels.join('.') === 'api' ? 0x8180 : 0x8183, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    const records = answers.map((ip) => {
      const record = Buffer.alloc(16);
      record.writeUInt16BE(0xc00c, 0);
      record.writeUInt16BE(1, 2);
      record.writeUInt16BE(1, 4);
      record.writeUInt32BE(5, 6);
      record.writeUInt16BE(4, 10);
      ip.split('.').forEach((part, index) => record.writeUInt8(Number(part), 12 + index));
      return record;
    });
    server.send(Buffer.concat([header, question, ...records]), peer.port, peer.address);
  });
  return new Promise((resolve) => server.bind(port, '127.0.0.1', () => resolve(server)));
}

/** HTTPS request verified against our self-signed certificate (SAN localhost). */
function request(port, path, { method = 'GET', headers = {}, body, tls = {}, secure = true } = {}) {
  return new Promise((resolve, reject) => {
    const client = secure ? https : http;
    const req = client.request(
      {
        host: '127.0.0.1',
        servername: 'localhost',
        port,
        path,
        method,
        headers: { host: `localhost:${port}`, ...headers },
        ...(secure ? { ca: certificate, ...tls } : {}),
      },
      (res) => {
        const protocol = res.socket?.getProtocol?.();
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode,
            headers: res.headers,
            raw: res.rawHeaders,
            body: Buffer.concat(chunks),
            protocol,
          }),
        );
      },
    );
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

const headerCount = (response, name) =>
  response.raw.filter((_, index) => index % 2 === 0).filter((key) => key.toLowerCase() === name).length;
const directives = (csp) =>
  new Set(
    String(csp)
      .split(';')
      .map((part) => part.trim().replace(/\s+/g, ' '))
      .filter(Boolean),
  );

let certificate;
let database;
try {
  // --- the API image's contents: production dependency closure + the bundle ---
  execFileSync(process.execPath, ['packages/api/scripts/bundle.mjs'], { cwd: root, stdio: 'inherit' });
  const closure = execFileSync('npm', ['ls', '--omit=dev', '--workspace', '@mas/api', '--all', '--parseable'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((path) => path.startsWith(join(root, 'node_modules') + '/') && !path.includes('/node_modules/@mas/'));
  const image = join(work, 'image');
  for (const path of closure)
    cpSync(path, join(image, relative(root, path)), { recursive: true, verbatimSymlinks: true });
  cpSync(join(root, 'packages/api/package.json'), join(image, 'packages/api/package.json'));
  cpSync(join(root, 'packages/api/dist'), join(image, 'packages/api/dist'), { recursive: true });
  check(
    'api image contents',
    existsSync(join(image, 'node_modules/argon2')),
    `${closure.length} production packages of @mas/api, no workspace sources`,
  );

  // --- web image contents: the built app, precompressed like web.Dockerfile ---
  const dist = join(root, 'packages/web/dist');
  if (!existsSync(join(dist, 'index.html')))
    execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build'], {
      cwd: join(root, 'packages/web'),
      stdio: 'inherit',
    });
  const html = join(work, 'html');
  cpSync(dist, html, { recursive: true });
  execFileSync('sh', [
    '-c',
    `find "${html}" -type f \\( -name '*.js' -o -name '*.css' -o -name '*.html' -o -name '*.svg' -o -name '*.json' \\) -size +1k -exec gzip -9 --keep {} +`,
  ]);

  // --- backing services ---
  database = await startDatabase(process.env.MONGODB_URI ? { mongodbUri: process.env.MONGODB_URI } : {});
  const redisPort = await freePort();
  const redisPassword = randomBytes(16).toString('hex');
  const redis = start('redis', 'redis-server', ['-'], { stdio: ['pipe', 'pipe', 'pipe'] });
  redis.child.stdin.end(`port ${redisPort}\nbind 127.0.0.1\nrequirepass ${redisPassword}\nsave ""\nappendonly no\n`);

  const [apiPort, workerPort, dnsPort, httpPort, httpsPort, healthPort] = await Promise.all(
    Array.from({ length: 6 }, () => freePort()),
  );
  const adminPassword = randomBytes(12).toString('base64url');
  const apiEnv = (host, port, jobs) => ({
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    NODE_OPTIONS: '--enable-source-maps',
    HOST: host,
    PORT: String(port),
    MONGODB_URI: database.uri,
    MONGODB_DB: `live_${randomBytes(4).toString('hex')}`,
    REDIS_URL: `redis://:${redisPassword}@127.0.0.1:${redisPort}/0`,
    WEB_ORIGIN: `https://localhost:${httpsPort}`,
    TRUST_PROXY: '1',
    MAS_ADMIN_USERNAME: 'admin',
    MAS_ADMIN_PASSWORD: adminPassword,
    JOBS_ENABLED: jobs,
  });
  const shared = apiEnv('', 0, '');
  const replicaHosts = ['127.0.0.2', '127.0.0.3'];
  const cwd = join(image, 'packages/api');
  const apis = [
    ...replicaHosts.map((host) =>
      start(`api@${host}`, process.execPath, ['dist/main.js'], {
        cwd,
        env: { ...apiEnv(host, apiPort, 'false'), MONGODB_DB: shared.MONGODB_DB },
      }),
    ),
    start('worker', process.execPath, ['dist/main.js'], {
      cwd,
      env: { ...apiEnv('127.0.0.1', workerPort, 'true'), MONGODB_DB: shared.MONGODB_DB },
    }),
  ];
  for (const api of apis)
    await until(
      `${api.name} to listen`,
      async () =>
        api.logs.some((entry) => entry.msg === 'MAS API listening') ||
        (api.child.exitCode !== null && Promise.reject(new Error(api.stderr))),
    );
  const healthcheck = execFileSync('sh', ['-c', `${process.execPath} -e "$CHECK"; echo $?`], {
    env: {
      ...process.env,
      PORT: String(workerPort),
      CHECK:
        "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))",
    },
    encoding: 'utf8',
  }).trim();
  check('the image HEALTHCHECK command passes against a running API', healthcheck === '0');

  // --- nginx in front, resolving `api` through the stand-in for Docker's DNS ---
  const dns = await startDns(dnsPort, replicaHosts);
  execFileSync('bash', [join(root, 'docker/nginx/make-cert.sh'), join(work, 'certs')], { stdio: 'inherit' });
  certificate = readFileSync(join(work, 'certs/tls.crt'));
  const conf = join(work, 'nginx');
  execFileSync(
    'bash',
    [
      join(root, 'docker/nginx/test-config.sh'),
      conf,
      String(httpPort),
      String(httpsPort),
      String(healthPort),
      html,
      join(work, 'certs'),
      `127.0.0.1:${dnsPort}`,
      `api:${apiPort}`,
    ],
    { stdio: 'inherit' },
  );
  const nginx = start('nginx', 'nginx', ['-p', conf, '-c', join(conf, 'nginx.conf'), '-g', 'daemon off;']);
  await until('nginx', () => request(httpsPort, '/index.html').then((r) => r.status === 200));
  const webHealth = execFileSync(
    'bash',
    [
      '-c',
      `exec 3<>/dev/tcp/127.0.0.1/${healthPort} && printf 'GET /nginx-health HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3; echo $?`,
    ],
    { encoding: 'utf8' },
  ).trim();
  check('the web HEALTHCHECK command passes', webHealth === '0');

  // --- edge behaviour ---
  const redirect = await request(httpPort, '/patients?page=2', { secure: false });
  check(
    'HTTP → 301 to HTTPS',
    redirect.status === 301 && redirect.headers.location === 'https://localhost/patients?page=2',
    `${redirect.status} ${redirect.headers.location}`,
  );

  const home = await request(httpsPort, '/');
  const apiHealth = await request(httpsPort, '/trpc/health.check');
  check('TLS certificate verifies for localhost; TLS 1.3 negotiated', home.protocol === 'TLSv1.3', home.protocol);
  const tls12 = await request(httpsPort, '/', { tls: { maxVersion: 'TLSv1.2' } });
  check('TLS 1.2 accepted', tls12.protocol === 'TLSv1.2' && tls12.status === 200, tls12.protocol);
  const tls11 = await request(httpsPort, '/', {
    tls: { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' },
  }).then(
    () => 'accepted',
    (error) => String(error.message).split('\n')[0].slice(0, 90),
  );
  check('TLS 1.1 refused', tls11 !== 'accepted', tls11);
  check(
    'app shell: 200 HTML, no-cache',
    home.status === 200 &&
      /text\/html/.test(home.headers['content-type']) &&
      home.headers['cache-control'] === 'no-cache',
  );
  check(
    'security headers on the app',
    home.headers['strict-transport-security']?.startsWith('max-age=31536000') &&
      home.headers['x-content-type-options'] === 'nosniff' &&
      home.headers['referrer-policy'] === 'no-referrer' &&
      home.headers['x-frame-options'] === 'DENY',
  );
  const staticCsp = directives(home.headers['content-security-policy']);
  const apiCsp = directives(apiHealth.headers['content-security-policy']);
  check(
    'CSP of the app equals the API’s (helmet) directive for directive',
    staticCsp.size > 5 && [...apiCsp].every((d) => staticCsp.has(d)) && [...staticCsp].every((d) => apiCsp.has(d)),
    [...staticCsp].join('; '),
  );
  const route = await request(httpsPort, '/admissions/6b0a52727c0ffee000000000');
  check('SPA fallback: a client route serves the app shell', route.status === 200 && route.body.equals(home.body));
  const asset = readdirSync(join(html, 'assets')).find(
    (file) => file.endsWith('.js') && statSync(join(html, 'assets', file)).size > 1024,
  );
  const script = await request(httpsPort, `/assets/${asset}`, { headers: { 'accept-encoding': 'gzip' } });
  check(
    'hashed asset: immutable, gzip (precompressed), security headers',
    script.status === 200 &&
      /immutable/.test(script.headers['cache-control']) &&
      script.headers['content-encoding'] === 'gzip' &&
      script.headers['x-content-type-options'] === 'nosniff',
    `${script.headers['cache-control']}; ${script.headers['content-encoding']}`,
  );
  const missing = await request(httpsPort, '/assets/missing-0000.js');
  check('missing asset: 404, not the app shell', missing.status === 404);

  for (const path of ['/healthz', '/readyz']) {
    const response = await request(httpsPort, path);
    check(`${path} proxied`, response.status === 200, response.body.toString());
  }
  check(
    'API responses pass through once: one CSP header, Cache-Control no-store',
    apiHealth.status === 200 &&
      headerCount(apiHealth, 'content-security-policy') === 1 &&
      apiHealth.headers['cache-control'] === 'no-store',
  );
  const big = await request(httpsPort, '/trpc/auth.login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ json: { username: 'x'.repeat(200_000), password: 'y' } }),
  });
  check('bodies over 128 KB stop at nginx (413)', big.status === 413, String(big.status));

  // --- sessions, forwarded headers, balancing ---
  const origin = `https://localhost:${httpsPort}`;
  const post = (path, json, token, extra = {}) =>
    request(httpsPort, `/trpc/${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...extra,
      },
      body: JSON.stringify(superjson.serialize(json)),
    }).then((response) => ({ status: response.status, data: JSON.parse(response.body.toString()) }));
  const login = await post('auth.login', { username: 'admin', password: adminPassword, mode: 'token' }, undefined, {
    'x-forwarded-for': '203.0.113.9',
  });
  const token = login.data.result?.data?.json?.token;
  check('sign-in through nginx (token mode)', login.status === 200 && Boolean(token), String(login.status));
  const foreign = await post('specialty.create', { name: 'Foreign' }, token, { origin: 'https://evil.example' });
  check(
    'mutations from a foreign Origin are refused through the proxy',
    foreign.status === 403,
    String(foreign.status),
  );
  const cookieLogin = await request(httpsPort, '/trpc/auth.login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ json: { username: 'admin', password: adminPassword } }),
  });
  const cookie = String(cookieLogin.headers['set-cookie']);
  check(
    'cookie: __Host- prefixed and Secure behind the TLS proxy',
    /^__Host-mas_session=[^;]+;.*Secure/i.test(cookie),
    cookie.replace(/=[^;]+/, '=…'),
  );
  const auditInput = encodeURIComponent(JSON.stringify(superjson.serialize({ action: 'login', perPage: 5 })));
  const audit = await request(httpsPort, `/trpc/audit.list?input=${auditInput}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const ips = JSON.parse(audit.body.toString()).result.data.json.items.map((item) => item.ip);
  check(
    'client address = what nginx saw, not a forged X-Forwarded-For',
    ips.length > 0 && !ips.includes('203.0.113.9') && ips.every((ip) => ip === '127.0.0.1'),
    ips.join(', '),
  );

  const served = (path = '/trpc/') =>
    apis.slice(0, 2).map((api) => api.logs.filter((entry) => entry.req?.path?.startsWith(path)).length);
  // Request logs are written after the response: let earlier ones land before counting.
  await new Promise((r) => setTimeout(r, 500));
  const before = served('/trpc/health.check');
  for (let i = 0; i < 40; i++) await request(httpsPort, '/trpc/health.check');
  const since = () => served('/trpc/health.check').map((count, index) => count - before[index]);
  const after = await until('request logs', async () => since()[0] + since()[1] >= 40 && since(), 5000).catch(since);
  // nginx picks one of the resolved addresses per request: each replica gets a fair share.
  check(
    'nginx spreads requests over both replicas resolved for `api`',
    after.every((count) => count >= 8) && after[0] + after[1] === 40,
    `${after.join(' + ')} of 40`,
  );

  // --- live updates over WebSocket through nginx, across replicas ---
  class TrustingWebSocket extends WebSocket {
    constructor(address, protocols) {
      super(address, protocols, { ca: certificate, servername: 'localhost', headers: { origin } });
    }
  }
  const wsClient = createWSClient({
    url: `wss://localhost:${httpsPort}/trpc`,
    WebSocket: TrustingWebSocket,
    connectionParams: { token },
  });
  const live = createTRPCClient({ links: [wsLink({ client: wsClient, transformer: superjson })] });
  const received = [];
  let started = false;
  const subscription = live.specialty.onChange.subscribe(undefined, {
    onStarted: () => (started = true),
    onData: ({ data }) => received.push(data.item?.name),
  });
  await until('the subscription', async () => started);
  const names = Array.from({ length: 4 }, (_, i) => `Live ${i} ${randomBytes(2).toString('hex')}`);
  const createdBefore = served();
  for (const name of names) await post('specialty.create', { name }, token);
  await new Promise((r) => setTimeout(r, 500)); // request logs are written after the response
  const createdOn = served().map((count, index) => count - createdBefore[index]);
  await until('the change events', async () => names.every((name) => received.includes(name)), 10_000).catch(() => {});
  check(
    'WebSocket upgrade through nginx; changes written on either replica reach the subscriber',
    names.every((name) => received.includes(name)),
    `writes per replica ${createdOn.join(' + ')}, received ${received.length}/4`,
  );
  console.log(`… holding the subscription idle for ${idleSeconds} s (the API pings every 30 s)`);
  await new Promise((r) => setTimeout(r, idleSeconds * 1000));
  const lastName = `After idle ${randomBytes(2).toString('hex')}`;
  await post('specialty.create', { name: lastName }, token);
  await until('the event after idling', async () => received.includes(lastName), 10_000).catch(() => {});
  check(`the subscription survives ${idleSeconds} s idle behind nginx`, received.includes(lastName));
  subscription.unsubscribe();
  wsClient.close();

  // --- graceful stop, as `docker compose stop` does it ---
  for (const api of apis) api.child.kill('SIGTERM');
  const codes = await Promise.all(
    apis.map((api) => Promise.race([api.exited, new Promise((r) => setTimeout(() => r('timeout'), 15_000))])),
  );
  check(
    'API processes exit 0 on SIGTERM within the 15 s grace period',
    codes.every((code) => code === 0),
    codes.join(', '),
  );
  nginx.child.kill('SIGQUIT');
  dns.close();
} catch (error) {
  check('live check ran to the end', false, error instanceof Error ? error.message : String(error));
  for (const child of children)
    if (child.stderr) console.error(`[${child.name}] ${child.stderr.trim().split('\n').slice(-5).join('\n')}`);
} finally {
  for (const { child } of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await Promise.all(children.map(({ exited }) => Promise.race([exited, new Promise((r) => setTimeout(r, 5000))])));
  await database?.stop();
  rmSync(work, { recursive: true, force: true });
}

console.log(`\nlive check: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
