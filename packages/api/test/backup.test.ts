// backup.export: Administrators only, audited, and nothing secret leaves
// (no password hashes, sessions, login failures, event log or job queue).
import { BSON } from 'mongodb';
import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import { Audit } from '../src/core/audit-model.ts';
import { LoginFailure, Session } from '../src/domains/auth/model.ts';
import { ADMIN_PASSWORD, clientFor, userWithRole, useTestApi } from './helpers.ts';

const api = useTestApi();

const codeOf = (error: unknown) => (error as { data?: { code?: string } }).data?.code;

describe('backup.export', () => {
  it('gives an Administrator every collection except secrets and machinery, and audits it', async () => {
    const admin = await userWithRole(api.server, 'Administrator');
    const { client, close } = clientFor(api.server, admin.token);
    await client.specialty.create.mutate({ name: 'Cardiology', description: 'Heart' });
    await client.department.create.mutate({ name: 'North wing' });
    // Leave traces in every excluded collection: a token session, a failed login, change events.
    const anonymous = clientFor(api.server);
    const { token: superadminToken } = await anonymous.client.auth.login.mutate({
      username: 'admin',
      password: ADMIN_PASSWORD,
      mode: 'token',
    });
    await expect(
      anonymous.client.auth.login.mutate({ username: 'admin', password: 'not-the-password' }),
    ).rejects.toThrow();
    void anonymous.close();
    expect(await Session.countDocuments()).toBeGreaterThan(0);
    expect(await LoginFailure.countDocuments()).toBeGreaterThan(0);
    const db = mongoose.connection.db!;
    expect(await db.collection('events').countDocuments()).toBeGreaterThan(0);
    // Agenda's queue, as a worker process would have left it.
    await db.collection('jobs').insertOne({ name: 'retention.purge', nextRunAt: new Date(), lockedAt: null });

    const exported = await client.backup.export.mutate();
    void close();

    expect(exported.format).toBe('mas-export/1');
    expect(exported.database).toBe(api.env.MONGODB_DB);
    const names = exported.collections.map((collection) => collection.name);
    expect(names).toEqual(
      expect.arrayContaining(['users', 'roles', 'specialties', 'departments', 'disabilities', 'audit']),
    );
    for (const secret of ['sessions', 'login_failures', 'events', 'jobs', 'admission_locks'])
      expect(names).not.toContain(secret);
    expect(exported.excluded.map((entry) => entry.name).sort()).toEqual([
      'admission_locks',
      'events',
      'jobs',
      'login_failures',
      'sessions',
    ]);
    expect(exported.redactedFields).toEqual(['users.passwordHash']);

    // No hash in any form: not as a field, not as a value (audit diffs only ever say "[redacted]").
    const text = JSON.stringify(exported.collections);
    expect(text).not.toContain('$argon2');
    expect(text).not.toMatch(/"passwordHash":"(?!\[redacted\])/);
    expect(text).not.toContain(admin.token);
    expect(text).not.toContain(superadminToken!);
    for (const session of await Session.find().lean()) expect(text).not.toContain(session._id);

    const users = exported.collections.find((collection) => collection.name === 'users')!;
    expect(users.count).toBe(users.documents.length);
    for (const doc of users.documents) expect(Object.keys(doc)).not.toContain('passwordHash');
    expect(users.documents.map((doc) => doc.username)).toEqual(expect.arrayContaining(['admin', admin.username]));
    const specialties = exported.collections.find((collection) => collection.name === 'specialties')!;
    expect(specialties.documents).toEqual([expect.objectContaining({ name: 'Cardiology', description: 'Heart' })]);

    // Extended JSON: ids and dates come back as their BSON types (mongoimport reads the same).
    const restored = BSON.EJSON.deserialize(specialties.documents[0]!, { relaxed: true }) as Record<string, unknown>;
    expect(restored._id).toBeInstanceOf(BSON.ObjectId);
    expect(restored.createdAt).toBeInstanceOf(Date);
    const original = await db.collection('specialties').findOne({ name: 'Cardiology' });
    expect(restored).toEqual(original);

    const entry = await Audit.findOne({ action: 'export' }).lean();
    expect(entry).toMatchObject({ actorUsername: admin.username, entity: 'backup', entityId: null });
    expect(String(entry!.actorId)).toBe(admin.id);
    expect(entry!.coded).toEqual({
      code: 'exported',
      params: { collections: expect.any(Number), documents: expect.any(Number) },
    });
  });

  it('is refused to everyone below Administrator, and to anonymous callers, without an audit entry', async () => {
    const before = await Audit.countDocuments({ action: 'export' });
    for (const role of ['Medical Staff', 'Department Chief', 'Technical', 'Patient']) {
      const user = await userWithRole(api.server, role);
      const { client, close } = clientFor(api.server, user.token);
      const error = await client.backup.export.mutate().catch((caught: unknown) => caught);
      expect(codeOf(error), role).toBe('FORBIDDEN');
      void close();
    }
    const anonymous = clientFor(api.server);
    expect(codeOf(await anonymous.client.backup.export.mutate().catch((caught: unknown) => caught))).toBe(
      'UNAUTHORIZED',
    );
    void anonymous.close();
    expect(await Audit.countDocuments({ action: 'export' })).toBe(before);
  });

  it('is allowed to a Superadmin (who includes Administrator)', async () => {
    const superadmin = await userWithRole(api.server, 'Superadmin');
    const { client, close } = clientFor(api.server, superadmin.token);
    const exported = await client.backup.export.mutate({});
    void close();
    expect(exported.collections.length).toBeGreaterThan(0);
    expect(await Audit.exists({ action: 'export', actorUsername: superadmin.username })).not.toBeNull();
  });
});
