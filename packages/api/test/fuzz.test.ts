// Property-based fuzzing of every procedure's input: whatever arrives, a call
// either succeeds as its schema allows or fails with a client error; never a
// 500, never a crash, and nothing written by a call that failed.
import fc from 'fast-check';
import mongoose from 'mongoose';
import { beforeAll, expect, it } from 'vitest';
import { appRouter } from '../src/router.ts';
import type { SessionUser } from '../src/trpc.ts';
import { callerFor, userWithRole, useTestApi } from './helpers.ts';

const api = useTestApi();
let superadmin: SessionUser;
beforeAll(async () => {
  superadmin = (await userWithRole(api.server, 'Superadmin')).user;
});

const hostileKey = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    '$gt',
    '$where',
    '$ne',
    'id',
    'ids',
    'name',
    'data',
    'version',
    'search',
    'page',
  ),
);
const hostileLeaf = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ minLength: 3000, maxLength: 6000 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.date({ noInvalidDate: false }),
  fc.constantFrom('0123456789abcdef01234567', 'ffffffffffffffffffffffff', ''),
  fc.constant({ $gt: '' }),
  fc.constant({ $ne: null }),
);
const hostileValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, hostileLeaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(hostileKey, tie('value'), { maxKeys: 5 }),
})).value;
const hostileInput = fc.oneof(
  fc.constant(undefined),
  hostileValue,
  fc.dictionary(hostileKey, hostileValue, { maxKeys: 6 }),
);

const CLIENT_ERRORS = [
  'BAD_REQUEST',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'UNAUTHORIZED',
  'TOO_MANY_REQUESTS',
  'PRECONDITION_FAILED',
];

async function countAll() {
  const db = mongoose.connection.db!;
  const counts: Record<string, number> = {};
  for (const { name } of await db.listCollections().toArray()) {
    if (!['audit', 'events', 'sessions', 'login_failures', 'jobs'].includes(name))
      counts[name] = await db.collection(name).countDocuments();
  }
  return counts;
}

it('every procedure answers hostile input with success or a client error, writing nothing when it fails', async () => {
  const caller = callerFor(api.server, superadmin) as unknown as Record<
    string,
    Record<string, (input: unknown) => Promise<unknown>>
  >;
  const procedures = Object.entries(
    appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>,
  ).filter(([path, procedure]) => procedure._def.type !== 'subscription' && path !== 'auth.logout');
  for (const [path, procedure] of procedures) {
    const [router, name] = path.split('.') as [string, string];
    const mutation = procedure._def.type === 'mutation';
    const before = mutation ? await countAll() : undefined;
    let succeeded = 0;
    await fc.assert(
      fc.asyncProperty(hostileInput, async (input) => {
        try {
          await caller[router]![name]!(input);
          succeeded++;
        } catch (error) {
          const code = (error as { code?: string }).code;
          expect(CLIENT_ERRORS, `${path} → ${code}: ${(error as Error).message}`).toContain(code);
        }
      }),
      { numRuns: 40, seed: 20261128 },
    );
    // A mutation none of whose hostile calls succeeded must have written nothing.
    if (mutation && succeeded === 0) expect(await countAll(), `${path} failed but wrote something`).toEqual(before);
  }
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}, 120_000);
