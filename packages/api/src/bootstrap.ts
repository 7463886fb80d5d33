import { randomBytes } from 'node:crypto';
import { BUILT_IN_ROLES, NONE_DISABILITY_KEY } from '@mas/shared';
import { isDuplicateKeyError } from './errors.ts';
import type { AppDeps } from './trpc.ts';
import { recordAudit } from './core/audit.ts';
import { ensureAuditTrail } from './core/audit-trail.ts';
import { SYSTEM_ACTOR } from './core/call.ts';
import { hashPassword } from './domains/auth/password.ts';
import { Disability } from './domains/disabilities/model.ts';
import { Role } from './domains/roles/model.ts';
import { User } from './domains/users/model.ts';
import { migrateKeys } from './migrate-keys.ts';
import { normalizeKey } from './db/schema.ts';
import { ensureTallies } from './db/tallies.ts';
import './domains/tallies.ts';

/**
 * First-start data: the six built-in roles, the "None" disability and the first
 * Superadmin. Safe to run from several processes at once: unique indexes decide.
 */
export async function bootstrap(deps: AppDeps): Promise<void> {
  // Before anything is audited: whether the entries so far are in the posting lists.
  await ensureAuditTrail();
  for (const name of BUILT_IN_ROLES) {
    await ignoreDuplicate(
      Role.updateOne(
        { nameKey: normalizeKey(name) },
        {
          $setOnInsert: {
            name,
            nameKey: normalizeKey(name),
            description: `${name} (built-in)`,
            isBuiltIn: true,
            isActive: true,
            permissions: [],
            version: 1,
          },
        },
        { upsert: true },
      ),
    );
  }
  await ignoreDuplicate(
    Disability.updateOne(
      { nameKey: NONE_DISABILITY_KEY },
      {
        $setOnInsert: {
          name: 'None',
          nameKey: NONE_DISABILITY_KEY,
          description: 'No disability',
          isActive: true,
          version: 1,
        },
      },
      { upsert: true },
    ),
  );
  await ensureFirstAdmin(deps);
  await migrateKeys(deps);
  await ensureTallies();
}

async function ensureFirstAdmin(deps: AppDeps): Promise<void> {
  const superadmin = await Role.findOne({ nameKey: 'superadmin' }).lean();
  if (!superadmin || (await User.exists({ roleId: superadmin._id }))) return;
  const username = deps.env.MAS_ADMIN_USERNAME;
  const given = deps.env.MAS_ADMIN_PASSWORD;
  const password = given ?? randomBytes(12).toString('base64url');
  try {
    const user = await User.create({
      username,
      usernameKey: normalizeKey(username),
      passwordHash: await hashPassword(password),
      email: `${username}@localhost`,
      firstName: 'System',
      lastName: 'Administrator',
      roleId: superadmin._id,
      // A generated password was shown on a console: it must not outlive the first sign-in.
      mustChangePassword: !given,
      searchText: normalizeKey(`System Administrator ${username}`),
    });
    await recordAudit(deps, SYSTEM_ACTOR, {
      action: 'create',
      entity: 'user',
      entityId: String(user._id),
      label: username,
    });
    if (!given) {
      // Printed once, on the console only (never into the structured log).
      process.stderr.write(
        `\n  MAS first start: Superadmin "${username}" created with the one-time password\n\n      ${password}\n\n  Sign in and choose a new password. Set MAS_ADMIN_PASSWORD to choose it yourself.\n\n`,
      );
    }
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
}

async function ignoreDuplicate(operation: Promise<unknown>) {
  try {
    await operation;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
}
