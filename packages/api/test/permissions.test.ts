// Walks every procedure of the router: each must declare who may call it, and
// each built-in role gets exactly what the matrix in @mas/shared says.
import { BUILT_IN_ROLES, PERMISSIONS, permissionsOf, type TAccess } from '@mas/shared';
import { describe, expect, it } from 'vitest';
import { appRouter } from '../src/router.ts';
import type { SessionUser } from '../src/trpc.ts';
import { callerFor, useTestApi } from './helpers.ts';

const api = useTestApi();

type AnyProcedure = { _def: { meta?: { access?: TAccess }; type: string } };
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>);

/** Calls a procedure by its dotted path with an input that is invalid for every procedure that takes one. */
async function call(user: SessionUser | null, path: string): Promise<string> {
  let target: unknown = callerFor(api.server, user);
  for (const key of path.split('.')) target = (target as Record<string, unknown>)[key];
  try {
    // Subscriptions resolve to a stream once authorized; anything else to its result.
    await (target as (input: unknown) => Promise<unknown>)({ __invalid__: true });
    return 'OK';
  } catch (error) {
    return (error as { code?: string }).code ?? 'UNKNOWN';
  }
}

function sessionFor(role: string): SessionUser {
  return {
    id: '0123456789abcdef01234567',
    username: `matrix-${role}`,
    firstName: 'Matrix',
    lastName: role,
    roleId: '0123456789abcdef01234567',
    roleName: role,
    permissions: permissionsOf(role),
    mustChangePassword: false,
    sessionId: 'matrix',
  };
}

describe('permission rules', () => {
  it('exist for every procedure and name a known permission', () => {
    expect(procedures.length).toBeGreaterThan(50);
    for (const [path, procedure] of procedures) {
      const access = procedure._def.meta?.access;
      expect(access, `${path} has no access rule`).toBeDefined();
      expect(['public', 'authenticated', ...PERMISSIONS], path).toContain(access);
    }
  });

  it('leave only health and login public', () => {
    const open = procedures.filter(([, p]) => p._def.meta?.access === 'public').map(([path]) => path);
    expect(open.sort()).toEqual(['auth.login', 'health.check']);
  });

  it('turn anonymous callers away from everything else with UNAUTHORIZED', async () => {
    for (const [path, procedure] of procedures) {
      if (procedure._def.meta?.access === 'public') continue;
      expect(await call(null, path), path).toBe('UNAUTHORIZED');
    }
  });

  for (const role of BUILT_IN_ROLES) {
    it(`give ${role} exactly the matrix's permissions`, async () => {
      const user = sessionFor(role);
      for (const [path, procedure] of procedures) {
        const access = procedure._def.meta!.access!;
        if (access === 'public' || path === 'auth.logout') continue;
        const outcome = await call(user, path);
        if (access === 'authenticated' || user.permissions.includes(access)) {
          expect(['FORBIDDEN', 'UNAUTHORIZED'], `${role} should reach ${path}`).not.toContain(outcome);
        } else {
          expect(outcome, `${role} must not reach ${path}`).toBe('FORBIDDEN');
        }
      }
    });
  }
});
