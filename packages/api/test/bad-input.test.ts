// Hostile and malformed input: BAD_REQUEST with field errors, and nothing written.
import mongoose from 'mongoose';
import { beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../src/router.ts';
import { userWithRole, useTestApi } from './helpers.ts';

const api = useTestApi();
let token: string;

beforeAll(async () => {
  token = (await userWithRole(api.server, 'Superadmin')).token;
});

/** Sends a raw JSON body (as an attacker would, not through the typed client). */
async function send(path: string, type: string, rawJson: string) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const url = `${api.server.url}/trpc/${path}`;
  const response =
    type === 'query'
      ? await fetch(`${url}?input=${encodeURIComponent(rawJson)}`, { headers })
      : await fetch(url, { method: 'POST', headers, body: rawJson });
  const body = (await response.json()) as {
    error?: {
      json: {
        data: { code: string; zodError: { formErrors: string[]; fieldErrors: Record<string, string[]> } | null };
      };
    };
  };
  return { status: response.status, error: body.error?.json.data };
}

async function snapshot() {
  const db = mongoose.connection.db!;
  const counts: Record<string, number> = {};
  for (const { name } of await db.listCollections().toArray()) {
    if (!['audit', 'sessions', 'events', 'login_failures'].includes(name))
      counts[name] = await db.collection(name).countDocuments();
  }
  return counts;
}

const CASES: Array<[string, string, Record<string, unknown>]> = [
  ['a field of the wrong type', 'name', { name: 42 }],
  ['an operator object', 'name', { name: { $gt: '' } }],
  ['an over-long string', 'name', { name: 'x'.repeat(5000) }],
  ['an unknown key', '', { name: 'Fine', role: 'Superadmin' }],
];

describe('bad input', () => {
  for (const entity of ['specialty', 'department', 'disability', 'diagnosis', 'room', 'role'] as const) {
    it(`is refused by ${entity}.create with field errors, writing nothing`, async () => {
      const before = await snapshot();
      for (const [what, field, input] of CASES) {
        const { status, error } = await send(
          `${entity}.create`,
          'mutation',
          JSON.stringify({ json: { bedCount: 1, ...input } }),
        );
        expect(status, what).toBe(400);
        expect(error?.code, what).toBe('BAD_REQUEST');
        if (field) expect(error?.zodError?.fieldErrors[field], what).toBeDefined();
        else
          expect(error?.zodError?.formErrors?.[0] ?? JSON.stringify(error?.zodError), what).toMatch(/Unrecognized key/);
      }
      expect(await snapshot()).toEqual(before);
    });
  }

  it('is refused by user.create (operator as role id, malformed e-mail, short password)', async () => {
    const before = await snapshot();
    const base = {
      username: 'mallory',
      password: 'long-enough-1',
      email: 'm@example.org',
      firstName: 'M',
      lastName: 'X',
      roleId: '0123456789abcdef01234567',
    };
    for (const [field, input] of [
      ['roleId', { ...base, roleId: { $ne: null } }],
      ['email', { ...base, email: 'not-an-email' }],
      ['password', { ...base, password: 'short' }],
      ['username', { ...base, username: 'a b$c' }],
    ] as const) {
      const { status, error } = await send('user.create', 'mutation', JSON.stringify({ json: input }));
      expect(status, field).toBe(400);
      expect(error?.zodError?.fieldErrors[field], field).toBeDefined();
    }
    expect(await snapshot()).toEqual(before);
  });

  it('rejects malformed and operator ids on get, delete and update of every entity', async () => {
    const before = await snapshot();
    for (const entity of ['user', 'role', 'specialty', 'department', 'room', 'disability', 'diagnosis']) {
      for (const id of [
        'not-an-id',
        '0123456789abcdef0123456',
        { $gt: '' },
        { $ne: null },
        ['0123456789abcdef01234567'],
      ]) {
        for (const [path, type, json] of [
          [`${entity}.get`, 'query', { id }],
          [`${entity}.delete`, 'mutation', { id }],
          [`${entity}.update`, 'mutation', { id, data: {} }],
          [`${entity}.deleteMany`, 'mutation', { ids: [id] }],
        ] as const) {
          const { status, error } = await send(path, type, JSON.stringify({ json }));
          expect(status, `${path} ${JSON.stringify(id)}`).toBe(400);
          expect(error?.code).toBe('BAD_REQUEST');
        }
      }
    }
    expect(await snapshot()).toEqual(before);
  });

  it('refuses __proto__ and unknown keys on every procedure that takes input, without polluting prototypes', async () => {
    const before = await snapshot();
    const procedures = Object.entries(
      appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>,
    );
    for (const [path, procedure] of procedures) {
      if (procedure._def.type === 'subscription') continue;
      const { status, error } = await send(
        path,
        procedure._def.type,
        '{"json":{"__proto__":{"polluted":true},"zzUnknown":1}}',
      );
      expect(status, path).toBe(400);
      expect(error?.code, path).toBe('BAD_REQUEST');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await snapshot()).toEqual(before);
  });

  it('refuses search strings over 100 characters and pages over 100 rows', async () => {
    for (const input of [
      { search: 's'.repeat(101) },
      { perPage: 101 },
      { page: 0 },
      { status: 'deleted' },
      { sort: { field: 'passwordHash', direction: 'asc' } },
    ]) {
      const { status } = await send('user.list', 'query', JSON.stringify({ json: input }));
      expect(status, JSON.stringify(input)).toBe(400);
    }
  });
});
