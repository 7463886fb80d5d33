import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { Audit } from '../src/core/audit-model.ts';
import { LoginFailure, Session } from '../src/domains/auth/model.ts';
import { clearSessionCache, hashToken } from '../src/domains/auth/session.ts';
import { User } from '../src/domains/users/model.ts';
import { ADMIN_PASSWORD, callerFor, clientFor, userWithRole, useTestApi } from './helpers.ts';

const api = useTestApi({ TRUST_PROXY: '1' });

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${api.server.url}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ json: body }),
  });
}

const codeOf = (error: unknown) =>
  error instanceof TRPCError ? error.code : (error as { data?: { code?: string } }).data?.code;

describe('sign-in', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie in cookie mode and never returns the token', async () => {
    const response = await post('auth.login', { username: 'admin', password: ADMIN_PASSWORD });
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^mas_session=[\w-]{40,};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    const body = (await response.json()) as { result: { data: { json: { token?: string } } } };
    expect(body.result.data.json.token).toBeUndefined();
    expect(JSON.stringify(body)).not.toContain('passwordHash');

    const token = /mas_session=([^;]+)/.exec(cookie)![1]!;
    const me = await fetch(`${api.server.url}/trpc/auth.me`, { headers: { cookie: `mas_session=${token}` } });
    expect(((await me.json()) as { result: { data: { json: unknown } } }).result.data.json).toMatchObject({
      username: 'admin',
      roleName: 'Superadmin',
    });
    // Only the hash of the token is stored.
    expect(await Session.exists({ _id: token })).toBeNull();
    expect(await Session.exists({ _id: hashToken(token) })).not.toBeNull();
  });

  it('uses the __Host- prefix and Secure behind HTTPS', async () => {
    const response = await post(
      'auth.login',
      { username: 'admin', password: ADMIN_PASSWORD },
      { 'x-forwarded-proto': 'https' },
    );
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-mas_session=/);
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('Path=/');
  });

  it('returns a bearer token in token mode, with the user and permissions', async () => {
    const { client, close } = clientFor(api.server);
    const result = await client.auth.login.mutate({ username: 'ADMIN', password: ADMIN_PASSWORD, mode: 'token' });
    expect(result.token).toMatch(/^[\w-]{43}$/);
    expect(result.user.permissions).toContain('role.write');
    expect(result.user.lastLoginAt).toBeInstanceOf(Date);
    void close();
    const authed = clientFor(api.server, result.token);
    expect(await authed.client.auth.me.query()).toMatchObject({ username: 'admin', mustChangePassword: false });
    void authed.close();
  });

  it('gives one message for an unknown user and a wrong password, and audits both', async () => {
    const anonymous = callerFor(api.server, null, '10.0.0.1');
    const unknown = await anonymous.auth.login({ username: 'nobody-here', password: 'whatever-1' }).catch((e) => e);
    const wrong = await anonymous.auth.login({ username: 'admin', password: 'wrong-password' }).catch((e) => e);
    expect(codeOf(unknown)).toBe('UNAUTHORIZED');
    expect(codeOf(wrong)).toBe('UNAUTHORIZED');
    expect(unknown.message).toBe(wrong.message);
    // The typed name of an unknown account is not kept (it is often a password in the wrong box).
    expect(await Audit.countDocuments({ actorUsername: 'nobody-here' })).toBe(0);
    expect(await Audit.countDocuments({ action: 'loginFailed', 'coded.code': 'unknownAccount', ip: '10.0.0.1' })).toBe(
      1,
    );
    expect(await Audit.countDocuments({ action: 'loginFailed', actorUsername: 'admin' })).toBeGreaterThanOrEqual(1);
  });

  it('refuses inactive users with the same message', async () => {
    const staff = await userWithRole(api.server, 'Medical Staff');
    await User.updateOne({ _id: staff.id }, { $set: { isActive: false } });
    const error = await callerFor(api.server, null, '10.0.0.2')
      .auth.login({ username: staff.username, password: staff.password })
      .catch((e) => e);
    expect(codeOf(error)).toBe('UNAUTHORIZED');
    expect(error.cause).toMatchObject({ code: 'auth.badCredentials', params: {} });
    expect(error.message).toBe('Incorrect username or password.');
  });

  it('backs off after 5 failures for an account, even with the right password', async () => {
    const tech = await userWithRole(api.server, 'Technical');
    const caller = callerFor(api.server, null, '10.0.0.3');
    for (let i = 0; i < 5; i++) {
      expect(
        codeOf(await caller.auth.login({ username: tech.username, password: 'bad-password' }).catch((e) => e)),
      ).toBe('UNAUTHORIZED');
    }
    const blocked = await caller.auth.login({ username: tech.username, password: tech.password }).catch((e) => e);
    expect(codeOf(blocked)).toBe('TOO_MANY_REQUESTS');
    expect(blocked.cause).toMatchObject({ code: 'auth.throttled', params: { seconds: expect.any(Number) } });
    expect(blocked.message).toMatch(/Try again in \d+ s/);
    // Once the wait has passed, the right password works and clears the account's failures.
    await LoginFailure.updateMany({}, { $set: { at: new Date(Date.now() - 60 * 60_000 + 1000) } });
    await expect(caller.auth.login({ username: tech.username, password: tech.password })).resolves.toMatchObject({
      user: { username: tech.username },
    });
  });

  it('stops an account at 100 failures per hour', async () => {
    const tech = await userWithRole(api.server, 'Technical');
    const at = new Date(Date.now() - 1000);
    await LoginFailure.insertMany(Array.from({ length: 100 }, () => ({ key: `account:${tech.username}`, at })));
    const error = await callerFor(api.server, null, '10.0.0.4')
      .auth.login({ username: tech.username, password: tech.password })
      .catch((e) => e);
    expect(codeOf(error)).toBe('TOO_MANY_REQUESTS');
    expect(error.cause.params.seconds).toBeGreaterThan(3000);
  });
});

describe('sessions', () => {
  it('logout revokes the session at once', async () => {
    const staff = await userWithRole(api.server, 'Medical Staff');
    const { client, close } = clientFor(api.server, staff.token);
    await client.auth.logout.mutate();
    await expect(client.auth.me.query()).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
    expect(await Audit.countDocuments({ action: 'logout', actorId: staff.id })).toBe(1);
    void close();
  });

  it('expires after 30 idle minutes and after 12 hours in any case', async () => {
    const idle = await userWithRole(api.server, 'Technical');
    await Session.updateOne({ _id: idle.user.sessionId }, { $set: { lastSeenAt: new Date(Date.now() - 31 * 60_000) } });
    clearSessionCache();
    await expect(clientFor(api.server, idle.token).client.auth.me.query()).rejects.toMatchObject({
      data: { code: 'UNAUTHORIZED' },
    });

    const old = await userWithRole(api.server, 'Technical');
    await Session.updateOne({ _id: old.user.sessionId }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    clearSessionCache();
    await expect(clientFor(api.server, old.token).client.auth.me.query()).rejects.toMatchObject({
      data: { code: 'UNAUTHORIZED' },
    });
  });

  it('is served from a short cache that logout and role changes clear at once', async () => {
    const tech = await userWithRole(api.server, 'Technical');
    const { client, close } = clientFor(api.server, tech.token);
    await expect(client.room.list.query({})).resolves.toBeTruthy();
    const admin = callerFor(api.server, (await userWithRole(api.server, 'Superadmin')).user);
    const staffRole = await admin.role.list({ search: 'Medical Staff' });
    await admin.user.update({ id: tech.id, data: { roleId: staffRole.items[0]!.id } });
    await expect(client.diagnosis.create.mutate({ name: `Role change ${tech.id}` })).resolves.toBeTruthy();
    await client.auth.logout.mutate();
    await expect(client.room.list.query({})).rejects.toMatchObject({ data: { code: 'UNAUTHORIZED' } });
    void close();
  });

  it('changing the password ends the other sessions and keeps this one', async () => {
    const staff = await userWithRole(api.server, 'Medical Staff');
    const other = await callerFor(api.server, null).auth.login({
      username: staff.username,
      password: staff.password,
      mode: 'token',
    });
    const caller = callerFor(api.server, staff.user);
    await expect(
      caller.auth.changePassword({ currentPassword: 'not-it-at-all', newPassword: 'a-new-password-9' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await caller.auth.changePassword({ currentPassword: staff.password, newPassword: 'a-new-password-9' });
    await expect(clientFor(api.server, other.token).client.auth.me.query()).rejects.toMatchObject({
      data: { code: 'UNAUTHORIZED' },
    });
    await expect(clientFor(api.server, staff.token).client.auth.me.query()).resolves.toMatchObject({
      username: staff.username,
    });
    await expect(
      callerFor(api.server, null).auth.login({ username: staff.username, password: 'a-new-password-9' }),
    ).resolves.toBeTruthy();
  });

  it('allows only auth.* while a password change is pending', async () => {
    const chief = await userWithRole(api.server, 'Department Chief');
    const caller = callerFor(api.server, { ...chief.user, mustChangePassword: true });
    await expect(caller.specialty.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(caller.auth.me()).resolves.toMatchObject({ username: chief.username });
  });

  it('rejects passwords under 8 characters and accepts a 64-character passphrase', async () => {
    const staff = await userWithRole(api.server, 'Medical Staff');
    const caller = callerFor(api.server, staff.user);
    await expect(
      caller.auth.changePassword({ currentPassword: staff.password, newPassword: 'short' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      caller.auth.changePassword({
        currentPassword: staff.password,
        newPassword: 'a long passphrase of many words, '.repeat(2).slice(0, 64),
      }),
    ).resolves.toEqual({ ok: true });
  });
});
