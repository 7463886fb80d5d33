/**
 * The trust boundary, as an attacker tries it (issue #11): sockets that outlive their
 * session, raced sign-in throttling, unbounded live connections, hostile bodies and
 * cross-site reads. Real HTTP and raw WebSocket frames against a real server.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Audit } from '../src/core/audit-model.ts';
import { LoginFailure, Session } from '../src/domains/auth/model.ts';
import { clearSessionCache } from '../src/domains/auth/session.ts';
import { Role } from '../src/domains/roles/model.ts';
import { User } from '../src/domains/users/model.ts';
import { normalizeKey } from '../src/db/schema.ts';
import { AUTH_TIMEOUT_MS, CLOSE, MAX_SOCKETS_PER_SESSION } from '../src/realtime/connections.ts';
import { realtimeSettings } from '../src/realtime/changes.ts';
import { MAX_SUBSCRIPTIONS_PER_CONNECTION } from '../src/trpc.ts';
import { ADMIN_PASSWORD, callerFor, userWithRole, useTestApi, waitFor } from './helpers.ts';

const api = useTestApi();

/** A raw tRPC WebSocket client: frames in, replies by id, and how the socket closed. */
class RawSocket {
  readonly replies: Array<{
    id: number | null;
    result?: { type: string };
    error?: { json: { data: { code: string } } };
  }> = [];
  closed: { code: number; reason: string } | null = null;
  private next = 1;
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const parsed = JSON.parse(String(data));
      for (const reply of Array.isArray(parsed) ? parsed : [parsed]) this.replies.push(reply);
    });
    socket.on('close', (code, reason) => (this.closed = { code, reason: String(reason) }));
  }

  static async open(token?: string, query = ''): Promise<RawSocket> {
    const url = `${api.server.url.replace('http', 'ws')}/trpc${query}`;
    const socket = new WebSocket(url, token ? { headers: { cookie: `mas_session=${token}` } } : {});
    const raw = new RawSocket(socket);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return raw;
  }

  send(method: 'query' | 'mutation' | 'subscription', path: string, input?: unknown): number {
    const id = this.next++;
    this.socket.send(JSON.stringify({ id, method, params: { path, input: { json: input } } }));
    return id;
  }

  async reply(id: number, timeoutMs = 5000) {
    return waitFor(() => this.replies.find((reply) => reply.id === id && reply.result?.type !== 'started'), timeoutMs);
  }

  /** The first reply for `id` ("started" for a subscription that began). */
  async first(id: number, timeoutMs = 5000) {
    return waitFor(() => this.replies.find((reply) => reply.id === id), timeoutMs);
  }

  async call(method: 'query' | 'mutation', path: string, input?: unknown) {
    return this.reply(this.send(method, path, input));
  }

  close() {
    this.socket.close();
  }
}

const codeOf = (reply: { error?: { json: { data: { code: string } } } }) => reply.error?.json.data.code ?? 'OK';
let sockets: RawSocket[] = [];
async function openSocket(token?: string, query?: string) {
  const socket = await RawSocket.open(token, query);
  sockets.push(socket);
  return socket;
}
afterEach(() => {
  for (const socket of sockets) socket.close();
  sockets = [];
  realtimeSettings.sessionRecheckMs = 60_000;
});

const newUser = (n: string) => ({
  username: `made.${n}.${Date.now()}`,
  password: 'correct horse battery staple',
  email: `${n}${Date.now()}@example.org`,
  firstName: 'Made',
  lastName: 'Bysocket',
  roleId: '',
});

/** A socket with one running subscription, as the web app keeps one open. */
async function watchingSocket(token: string) {
  const socket = await openSocket(token);
  const subscription = socket.send('subscription', 'room.onChange');
  expect((await socket.first(subscription)).result?.type).toBe('started');
  return { socket, subscription };
}

/** Within a second: the running subscription ends with UNAUTHORIZED and the socket closes with 4401. */
async function expectEndedWithinASecond(socket: RawSocket, subscription: number) {
  const started = Date.now();
  const ended = await socket.reply(subscription, 1500);
  expect(codeOf(ended)).toBe('UNAUTHORIZED');
  await waitFor(() => socket.closed, 1500);
  expect(socket.closed).toMatchObject({ code: CLOSE.sessionEnded });
  expect(Date.now() - started).toBeLessThan(1500);
}

describe('an open WebSocket ends with its session', () => {
  it('after logout the socket runs no mutation, opens no subscription, and closes', async () => {
    const admin = await userWithRole(api.server, 'Superadmin');
    const socket = await openSocket(admin.token);
    expect(codeOf(await socket.call('query', 'auth.me'))).toBe('OK');
    const roleId = String((await Role.findOne({ nameKey: normalizeKey('Technical') }).lean())!._id);

    await callerFor(api.server, admin.user).auth.logout();
    // The attack: the same socket keeps working after logout (it used to create this user).
    const created = socket.send('mutation', 'user.create', { ...newUser('after-logout'), roleId });
    const subscribed = socket.send('subscription', 'user.onChange');
    const [createReply, subscribeReply] = await Promise.all(
      [socket.first(created, 1500), socket.first(subscribed, 1500)].map((p) => p.catch(() => null)),
    );
    // Either refused outright or the socket is gone before it could answer; never a success.
    for (const reply of [createReply, subscribeReply]) {
      if (reply) expect(codeOf(reply)).toBe('UNAUTHORIZED');
    }
    expect(await User.countDocuments({ firstName: 'Made' })).toBe(0);
    await waitFor(() => socket.closed, 1500);
    expect(socket.closed?.code).toBe(CLOSE.sessionEnded);
  });

  it('a running subscription stops within a second of logout elsewhere', async () => {
    const chief = await userWithRole(api.server, 'Department Chief');
    const { socket, subscription } = await watchingSocket(chief.token);
    await callerFor(api.server, chief.user).auth.logout();
    await expectEndedWithinASecond(socket, subscription);
  });

  it('a password change ends the other sessions’ sockets', async () => {
    const staff = await userWithRole(api.server, 'Medical Staff');
    const other = await userWithRole(api.server, 'Medical Staff');
    // A second session of the same account, as another browser would have.
    const { token } = await import('../src/domains/auth/session.ts').then(({ createSession }) =>
      createSession(api.server.deps, staff.id, 'token', '127.0.0.1'),
    );
    const { socket, subscription } = await watchingSocket(token);
    await callerFor(api.server, staff.user).auth.changePassword({
      currentPassword: staff.password,
      newPassword: 'a fresh passphrase for the ward',
    });
    await expectEndedWithinASecond(socket, subscription);
    void other;
  });

  it('an administrator’s reset or deactivation ends the user’s sockets', async () => {
    const admin = await userWithRole(api.server, 'Administrator');
    for (const action of ['reset', 'deactivate'] as const) {
      const victim = await userWithRole(api.server, 'Medical Staff');
      const { socket, subscription } = await watchingSocket(victim.token);
      const caller = callerFor(api.server, admin.user);
      if (action === 'reset')
        await caller.user.resetPassword({ id: victim.id, newPassword: 'reset by the admin 2026' });
      else await caller.user.setActive({ id: victim.id, isActive: false });
      await expectEndedWithinASecond(socket, subscription);
    }
  });

  it('a role change closes the socket (4403) and the reconnected one has only the new permissions', async () => {
    const admin = await userWithRole(api.server, 'Superadmin');
    const staff = await userWithRole(api.server, 'Medical Staff');
    const socket = await openSocket(staff.token);
    const subscription = socket.send('subscription', 'admission.onChange');
    expect((await socket.first(subscription)).result?.type).toBe('started');
    const patientRole = await Role.findOne({ nameKey: normalizeKey('Patient') }).lean();
    await callerFor(api.server, admin.user).user.update({ id: staff.id, data: { roleId: String(patientRole!._id) } });
    await waitFor(() => socket.closed, 1500);
    expect(socket.closed?.code).toBe(CLOSE.permissionsChanged);
    const again = await openSocket(staff.token);
    expect(codeOf(await again.reply(again.send('subscription', 'admission.onChange')))).toBe('FORBIDDEN');
    expect(codeOf(await again.call('mutation', 'admission.delete', { id: '0'.repeat(24) }))).toBe('FORBIDDEN');
  });

  it('idle and absolute expiry end a socket without any request', async () => {
    realtimeSettings.sessionRecheckMs = 300;
    for (const field of ['lastSeenAt', 'expiresAt'] as const) {
      const tech = await userWithRole(api.server, 'Technical');
      const { socket, subscription } = await watchingSocket(tech.token);
      const past = new Date(Date.now() - (field === 'lastSeenAt' ? 31 * 60_000 : 1000));
      await Session.updateOne({ _id: tech.user.sessionId }, { $set: { [field]: past } });
      clearSessionCache();
      await expectEndedWithinASecond(socket, subscription);
    }
  });

  it('the same socket refuses queries the moment the session is gone, even before it closes', async () => {
    const tech = await userWithRole(api.server, 'Technical');
    const socket = await openSocket(tech.token);
    await Session.deleteOne({ _id: tech.user.sessionId });
    clearSessionCache();
    expect(codeOf(await socket.call('query', 'auth.me'))).toBe('UNAUTHORIZED');
  });
});

describe('live connections are bounded', () => {
  it(`refuses subscription ${MAX_SUBSCRIPTIONS_PER_CONNECTION + 1} on one socket, and frees a slot when one stops`, async () => {
    const patient = await userWithRole(api.server, 'Patient');
    const socket = await openSocket(patient.token);
    const ids = Array.from({ length: MAX_SUBSCRIPTIONS_PER_CONNECTION + 20 }, () =>
      socket.send('subscription', 'notification.onNew'),
    );
    const replies = await Promise.all(ids.map((id) => socket.first(id)));
    const started = replies.filter((reply) => reply.result?.type === 'started').length;
    const refused = replies.filter((reply) => codeOf(reply) === 'TOO_MANY_REQUESTS');
    expect(started).toBe(MAX_SUBSCRIPTIONS_PER_CONNECTION);
    expect(refused).toHaveLength(20);
    expect(JSON.stringify(refused[0])).toContain('At most 100 live subscriptions per connection');
    // Stopping one frees its slot.
    socket.socket.send(JSON.stringify({ id: ids[0], method: 'subscription.stop' }));
    await socket.reply(ids[0]!);
    const more = socket.send('subscription', 'notification.onNew');
    expect((await socket.first(more)).result?.type).toBe('started');
  });

  it(`refuses socket ${MAX_SOCKETS_PER_SESSION + 1} of one session`, async () => {
    const tech = await userWithRole(api.server, 'Technical');
    for (let i = 0; i < MAX_SOCKETS_PER_SESSION; i++) {
      const socket = await openSocket(tech.token);
      expect(codeOf(await socket.call('query', 'auth.me'))).toBe('OK');
    }
    const extra = await openSocket(tech.token);
    const refused = await waitFor(() => extra.replies[0]);
    expect(codeOf(refused)).toBe('TOO_MANY_REQUESTS');
    await waitFor(() => extra.closed);
  });

  it(
    'closes a socket that never presents a session',
    async () => {
      const socket = await openSocket(undefined, '?connectionParams=1');
      const opened = Date.now();
      await waitFor(() => socket.closed, AUTH_TIMEOUT_MS + 3000);
      expect(socket.closed?.code).toBe(CLOSE.authTimeout);
      expect(Date.now() - opened).toBeGreaterThanOrEqual(AUTH_TIMEOUT_MS - 100);
    },
    AUTH_TIMEOUT_MS + 10_000,
  );
});

/** POSTs raw text to /trpc/<path> and returns status, content type and body. */
async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${api.server.url}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

describe('sign-in throttling cannot be raced', () => {
  const ip = (n: number) => `203.0.113.${n}`;

  it('one batch of 120 logins is refused whole; logins go one per request', async () => {
    const tech = await userWithRole(api.server, 'Technical');
    const calls = Array.from({ length: 120 }, (_, n) => ({
      json: { username: tech.username, password: n === 119 ? tech.password : `guess-${n}`, mode: 'token' },
    }));
    const paths = Array.from({ length: 120 }, () => 'auth.login').join(',');
    const body = JSON.stringify(Object.fromEntries(calls.map((call, n) => [n, call])));
    const batch = await post(`${paths}?batch=1`, body);
    expect(batch.status).toBe(400);
    expect(await LoginFailure.countDocuments({ key: `account:${normalizeKey(tech.username)}` })).toBe(0);
    // Even a batch of two is refused: a sign-in rides alone.
    const two = await post('auth.login,health.check?batch=1', JSON.stringify({ 0: calls[0], 1: {} }));
    expect(two.status).toBe(400);
    expect(two.text).toContain('on their own');
  });

  it('30 parallel wrong logins for one account get at most 5 passwords checked', async () => {
    const tech = await userWithRole(api.server, 'Technical');
    const caller = callerFor(api.server, null, ip(1));
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, n) =>
        caller.auth.login({ username: tech.username, password: `wrong-${n}` }).catch((error) => error.code as string),
      ),
    );
    expect(results.filter((code) => code === 'UNAUTHORIZED').length).toBeLessThanOrEqual(5);
    expect(results.filter((code) => code === 'TOO_MANY_REQUESTS').length).toBeGreaterThanOrEqual(25);
    // Exactly the checked ones are on record as failures.
    expect(await LoginFailure.countDocuments({ key: `account:${normalizeKey(tech.username)}` })).toBe(
      results.filter((code) => code === 'UNAUTHORIZED').length,
    );
  });

  it('failures from one address lock neither other accounts there nor the account elsewhere', async () => {
    const target = await userWithRole(api.server, 'Technical');
    const colleague = await userWithRole(api.server, 'Technical');
    const attacker = callerFor(api.server, null, ip(2));
    for (let n = 0; n < 8; n++)
      await attacker.auth.login({ username: target.username, password: `x-${n}` }).catch(() => {});
    // The attacker's own address is throttled for that account, the right password included
    // (checked at once: the first back-off lasts 5 s).
    await expect(attacker.auth.login({ username: target.username, password: target.password })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    });
    for (let n = 0; n < 6; n++)
      await attacker.auth.login({ username: `nobody${n}`, password: 'whatever1' }).catch(() => {});
    // A colleague behind the same address signs in.
    await expect(
      attacker.auth.login({ username: colleague.username, password: colleague.password }),
    ).resolves.toMatchObject({ user: { username: colleague.username } });
    // The owner, from their own workstation, signs in despite the attack.
    await expect(
      callerFor(api.server, null, ip(3)).auth.login({ username: target.username, password: target.password }),
    ).resolves.toMatchObject({ user: { username: target.username } });
    // The owner's success there does not clear the attacker's address (it stays throttled, or within 5 s at most
    // its back-off lapses and the next wrong guess restarts it: never more than one more guess).
    expect(
      await LoginFailure.countDocuments({ key: `pair:${normalizeKey(target.username)}|${ip(2)}` }),
    ).toBeGreaterThanOrEqual(5);
  });

  it('keeps the hard cap of 100 failures per account per hour across addresses', async () => {
    const tech = await userWithRole(api.server, 'Technical');
    const at = new Date(Date.now() - 1000);
    await LoginFailure.insertMany(
      Array.from({ length: 100 }, () => ({ key: `account:${normalizeKey(tech.username)}`, at })),
    );
    await expect(
      callerFor(api.server, null, ip(4)).auth.login({ username: tech.username, password: tech.password }),
    ).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });

  it('changePassword is throttled and audited: a batch of 29 guesses checks at most 5', async () => {
    const staff = await userWithRole(api.server, 'Medical Staff');
    const caller = callerFor(api.server, staff.user);
    const results = await Promise.all(
      Array.from({ length: 29 }, (_, n) =>
        caller.auth
          .changePassword({ currentPassword: `guess-${n}-x`, newPassword: 'a new passphrase here' })
          .catch((error) => error.code as string),
      ),
    );
    const checked = results.filter((code) => code === 'BAD_REQUEST').length;
    expect(checked).toBeLessThanOrEqual(5);
    expect(await Audit.countDocuments({ action: 'passwordChangeFailed', actorId: staff.id })).toBe(checked);
    // Batched over HTTP it is refused whole.
    const batch = await post(
      'auth.changePassword,auth.changePassword?batch=1',
      JSON.stringify({ 0: { json: {} }, 1: { json: {} } }),
      { authorization: `Bearer ${staff.token}` },
    );
    expect(batch.status).toBe(400);
  });

  it('records an unknown account as unknown, never the typed text', async () => {
    const typed = 'MySecretPassw0rd!';
    await callerFor(api.server, null, ip(5))
      .auth.login({ username: typed, password: 'whatever-1' })
      .catch(() => {});
    expect(await Audit.countDocuments({ actorUsername: typed })).toBe(0);
    expect(await Audit.countDocuments({ action: 'loginFailed', 'coded.code': 'unknownAccount', ip: ip(5) })).toBe(1);
    // The audit trail still reads back through its output schema (a label without params is stored without them).
    const admin = callerFor(api.server, (await userWithRole(api.server, 'Superadmin')).user);
    const { items } = await admin.audit.list({ action: 'loginFailed', perPage: 100 });
    expect(items.some((entry) => entry.coded?.code === 'unknownAccount' && entry.ip === ip(5))).toBe(true);
  });
});

describe('hostile bodies get a JSON 4xx in tRPC’s shape', () => {
  const expectTrpcError = (result: { status: number; type: string; text: string }, status: number) => {
    expect(result.status).toBe(status);
    expect(result.type).toContain('application/json');
    expect(result.text).not.toMatch(/<html|<pre|at .*\.(ts|js):\d+|node_modules|\/work\//i);
    expect(JSON.parse(result.text)).toMatchObject({ error: { json: { data: { httpStatus: status } } } });
  };

  it('JSON nested 6,000 deep', async () => {
    const deep = '['.repeat(6000) + ']'.repeat(6000);
    expectTrpcError(await post('auth.login', `{"json":${deep}}`), 400);
    const query = await fetch(`${api.server.url}/trpc/health.check?input=${encodeURIComponent(deep.slice(0, 3000))}`);
    expect(query.status).toBe(400);
  });

  it('malformed and oversized bodies', async () => {
    expectTrpcError(await post('auth.login', '{"json": {"username": '), 400);
    expectTrpcError(await post('auth.login', JSON.stringify({ json: { username: 'x'.repeat(200_000) } })), 413);
  });

  it('__proto__ and constructor keys', async () => {
    for (const key of ['__proto__', 'constructor']) {
      const body = `{"json":{"username":"admin","password":"${ADMIN_PASSWORD}","mode":"token","${key}":{"isAdmin":true}}}`;
      expectTrpcError(await post('auth.login', body), 400);
    }
    const query = await fetch(
      `${api.server.url}/trpc/health.check?input=${encodeURIComponent('{"json":{"__proto__":{"x":1}}}')}`,
    );
    expect(query.status).toBe(400);
  });

  it('refuses any tRPC call another site’s page makes, GETs included', async () => {
    const staff = await userWithRole(api.server, 'Medical Staff');
    const response = await fetch(`${api.server.url}/trpc/auth.me`, {
      headers: { cookie: `mas_session=${staff.token}`, 'sec-fetch-site': 'cross-site' },
    });
    expect(response.status).toBe(403);
    const same = await fetch(`${api.server.url}/trpc/auth.me`, {
      headers: { cookie: `mas_session=${staff.token}`, 'sec-fetch-site': 'same-origin' },
    });
    expect(same.status).toBe(200);
  });
});
