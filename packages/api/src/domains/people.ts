import type { TEligibleUser } from '@mas/shared';
import type { Types } from 'mongoose';
import { byIds } from '../crud/query.ts';
import { escapeRegex, normalizeKey, op } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { Role } from './roles/model.ts';
import { User, type UserDoc } from './users/model.ts';

/**
 * What patients and medical staff share: a 1:1 link to a user account of a
 * given built-in role, names that live on that account (resolved, not copied),
 * and ages counted in whole years.
 */
export type LinkedUser = Pick<UserDoc, '_id' | 'username' | 'firstName' | 'lastName' | 'email' | 'isActive' | 'roleId'>;

const USER_FIELDS = { username: 1, firstName: 1, lastName: 1, email: 1, isActive: 1, roleId: 1 } as const;

export const personName = (user: Pick<UserDoc, 'firstName' | 'lastName'>) => `${user.firstName} ${user.lastName}`;

/** Users by id, one `_id` point lookup each (db/by-id.ts). */
export async function usersById(ids: Array<Types.ObjectId | string>): Promise<Map<string, LinkedUser>> {
  return (await byIds(User, ids, USER_FIELDS)) as Map<string, LinkedUser>;
}

async function builtInRoleId(roleName: 'Patient' | 'Medical Staff'): Promise<Types.ObjectId | null> {
  const role = await Role.findOne({ nameKey: normalizeKey(roleName), isBuiltIn: true }, { _id: 1 }).lean();
  return role?._id ?? null;
}

/** The account a new record links to: it must exist, be active and hold the given built-in role. */
export async function assertEligibleUser(userId: string, roleName: 'Patient' | 'Medical Staff'): Promise<LinkedUser> {
  const [user, roleId] = await Promise.all([
    User.findById(userId, USER_FIELDS).lean() as Promise<LinkedUser | null>,
    builtInRoleId(roleName),
  ]);
  if (!user) throw new AppError('record.missing', { entity: 'user' }, { userId: 'field.notFound' });
  if (!user.isActive) throw new AppError('record.inactive', { entity: 'user' }, { userId: 'field.inactive' });
  if (!roleId || String(user.roleId) !== String(roleId)) {
    const role = { role: roleName };
    throw new AppError('user.roleIsNot', role, { userId: { code: 'field.roleMustBe', params: role } });
  }
  return user;
}

/**
 * Active users of the role who have no record yet, for the form's picker.
 * Candidates come in pages; the ones already linked are dropped, so the query
 * never needs the full list of linked users.
 */
export async function eligibleUsers(
  roleName: 'Patient' | 'Medical Staff',
  takenUserIds: (ids: Types.ObjectId[]) => Promise<Set<string>>,
  input: { search?: string | undefined; limit: number },
): Promise<TEligibleUser[]> {
  const roleId = await builtInRoleId(roleName);
  if (!roleId) return [];
  const filter: Record<string, unknown> = { roleId, isActive: true };
  if (input.search) filter.searchText = op({ $regex: escapeRegex(normalizeKey(input.search)), $options: 'i' });
  const found: TEligibleUser[] = [];
  const BATCH = 100;
  for (let skip = 0; found.length < input.limit && skip < 20 * BATCH; skip += BATCH) {
    const batch = (await User.find(filter, USER_FIELDS)
      .sort({ _id: 1 })
      .skip(skip)
      .limit(BATCH)
      .lean()) as LinkedUser[];
    const taken = batch.length ? await takenUserIds(batch.map((user) => user._id)) : new Set<string>();
    for (const user of batch) {
      if (found.length >= input.limit) break;
      if (taken.has(String(user._id))) continue;
      found.push({
        id: String(user._id),
        username: user.username,
        firstName: user.firstName,
        lastName: user.lastName,
        email: user.email,
      });
    }
    if (batch.length < BATCH) break;
  }
  return found.sort((a, b) => a.lastName.localeCompare(b.lastName) || a.firstName.localeCompare(b.firstName));
}

/** Whole years from `from` to `to` (birthdays and anniversaries count on the day, UTC). */
export function wholeYears(from: Date, to = new Date()): number {
  let years = to.getUTCFullYear() - from.getUTCFullYear();
  const beforeAnniversary =
    to.getUTCMonth() < from.getUTCMonth() ||
    (to.getUTCMonth() === from.getUTCMonth() && to.getUTCDate() < from.getUTCDate());
  if (beforeAnniversary) years -= 1;
  return Math.max(0, years);
}

/** Normalized text of a linked person for one-field search. */
export const personSearchText = (
  user: Pick<UserDoc, 'firstName' | 'lastName' | 'username' | 'email'>,
  ...more: string[]
) => normalizeKey([user.firstName, user.lastName, user.username, user.email, ...more].join(' '));

/** Sort key of a linked person: "last first". */
export const personSortKey = (user: Pick<UserDoc, 'firstName' | 'lastName'>) =>
  normalizeKey(`${user.lastName} ${user.firstName}`);
