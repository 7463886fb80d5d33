import { codedLabel, type TMe } from '@mas/shared';
import { AppError } from '../../errors.ts';
import type { AppDeps, SessionUser } from '../../trpc.ts';
import { recordAudit } from '../../core/audit.ts';
import type { Actor } from '../../core/call.ts';
import { normalizeKey } from '../../db/schema.ts';
import { effectivePermissions, Role } from '../roles/model.ts';
import { User, type UserDoc } from '../users/model.ts';
import { userService } from '../users/service.ts';
import { assertNotCommon, assertNotContextual } from '../users/password-policy.ts';
import { burnVerify, hashPassword, verifyPassword } from './password.ts';
import { createSession, revokeSession, revokeUserSessions } from './session.ts';
import { beginAttempt, loginRules, passwordCheckRules } from './throttle.ts';

/** Stands in for a name that matched no account (never a valid username: it has parentheses). */
export const UNKNOWN_ACCOUNT = '(unknown)';

export async function login(
  deps: AppDeps,
  input: { username: string; password: string; mode: 'cookie' | 'token' },
  ip: string,
) {
  const usernameKey = normalizeKey(input.username);
  // Counted before the password is looked at: parallel or batched guesses gain nothing.
  const attempt = await beginAttempt(loginRules(usernameKey, ip));
  const user = await User.findOne({ usernameKey }).lean();
  const valid = user
    ? await verifyPassword(user.passwordHash, input.password)
    : (await burnVerify(input.password), false);
  if (!user || !valid || !user.isActive) {
    await attempt.failed();
    // An unknown name is not kept verbatim: it is often a password typed in the wrong box.
    await recordAudit(
      deps,
      { id: user ? String(user._id) : null, username: user ? user.username : UNKNOWN_ACCOUNT, ip },
      {
        action: 'loginFailed',
        entity: 'user',
        entityId: user ? String(user._id) : null,
        coded: user ? null : codedLabel('unknownAccount', {}),
      },
    );
    throw new AppError('auth.badCredentials', {});
  }
  await attempt.succeeded();
  const { token, expiresAt } = await createSession(deps, String(user._id), input.mode, ip);
  const lastLoginAt = new Date();
  // Under the version claim: on FerretDB a plain update rewrites the whole document and
  // could undo a deactivation or role change landing at the same moment.
  await userService.writeLatest(String(user._id), async () => ({
    update: { $set: { lastLoginAt }, $inc: { version: 1 } },
  }));
  await recordAudit(
    deps,
    { id: String(user._id), username: user.username, ip },
    { action: 'login', entity: 'user', entityId: String(user._id) },
  );
  return { token, expiresAt, user: await meOf({ ...user, lastLoginAt }) };
}

export async function logout(deps: AppDeps, user: SessionUser, actor: Actor) {
  await revokeSession(deps, user.sessionId);
  await recordAudit(deps, actor, { action: 'logout', entity: 'user', entityId: user.id });
}

export async function me(user: SessionUser): Promise<TMe> {
  const doc = await User.findById(user.id).lean();
  if (!doc) throw new AppError('auth.signIn', {});
  return meOf(doc);
}

async function meOf(user: UserDoc): Promise<TMe> {
  const role = await Role.findById(user.roleId).lean();
  return {
    id: String(user._id),
    username: user.username,
    firstName: user.firstName,
    lastName: user.lastName,
    email: user.email,
    roleId: String(user.roleId),
    roleName: role?.name ?? '',
    permissions: role && role.isActive ? effectivePermissions(role) : [],
    mustChangePassword: user.mustChangePassword,
    lastLoginAt: user.lastLoginAt,
  };
}

/** Changes one's own password; every other session of the user ends (ASVS 7.4.3). */
export async function changePassword(
  deps: AppDeps,
  user: SessionUser,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
) {
  // Checking the current password is a guess like a sign-in: throttled the same way, and audited.
  const attempt = await beginAttempt(passwordCheckRules(user.id));
  const doc = await User.findById(user.id).lean();
  if (!doc || !(await verifyPassword(doc.passwordHash, input.currentPassword))) {
    await attempt.failed();
    await recordAudit(deps, actor, { action: 'passwordChangeFailed', entity: 'user', entityId: user.id });
    throw new AppError('auth.currentPasswordWrong', {}, { currentPassword: 'auth.currentPasswordWrong' });
  }
  await attempt.succeeded();
  assertNotContextual(input.newPassword, doc, 'newPassword');
  assertNotCommon(input.newPassword, 'newPassword');
  const passwordHash = await hashPassword(input.newPassword);
  await userService.writeLatest(user.id, async () => ({
    update: {
      $set: { passwordHash, mustChangePassword: false, passwordChangedAt: new Date() },
      $inc: { version: 1 },
    },
  }));
  await revokeUserSessions(deps, user.id, user.sessionId);
  await recordAudit(deps, actor, { action: 'passwordChange', entity: 'user', entityId: user.id });
}
