import { z } from 'zod';
import { ZDescription, ZName, ZObjectId, ZStamps, clearable, zListInput, zSafeText } from './common.ts';
import { ZPermission } from './permissions.ts';

/** ASVS 6.2.1 / 6.2.9: at least 8 characters, and long passphrases are welcome. */
export const ZPassword = z.string().min(8, 'validation.minPassword').max(128, 'validation.maxPassword');
export const ZUsername = z
  .string()
  .trim()
  .min(3)
  .max(60)
  // ASCII only: a Cyrillic "а" or a dotless "ı" would make a second "admin" (W8).
  .regex(/^[A-Za-z0-9._-]+$/, 'validation.username');
export const ZGender = z.enum(['F', 'M', 'X']);

const ZPhone = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ()-]{6,20}$/, 'validation.phone');
const ZAddress = z.string().trim().max(300);

export const ZUserCreateInput = z.strictObject({
  username: ZUsername,
  password: ZPassword,
  email: z.email().max(254),
  firstName: zSafeText(60),
  lastName: zSafeText(60),
  roleId: ZObjectId,
  phone: clearable(ZPhone),
  gender: clearable(ZGender),
  address: clearable(ZAddress),
});

export const ZUserUpdateInput = z.strictObject({
  id: ZObjectId,
  data: ZUserCreateInput.omit({ password: true, username: true }).partial(),
  version: z.number().int().optional(),
});

export const ZUser = ZStamps.extend({
  username: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  phone: z.string().nullable(),
  gender: ZGender.nullable(),
  address: z.string().nullable(),
  roleId: ZObjectId,
  roleName: z.string(),
  isActive: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.date().nullable(),
});
export type TUser = z.infer<typeof ZUser>;

export const USER_SORT_FIELDS = ['username', 'firstName', 'lastName', 'email', 'createdAt', 'lastLoginAt'] as const;
export const ZUserListInput = zListInput(USER_SORT_FIELDS, {
  roleIds: z.array(ZObjectId).max(20).optional(),
});

export const ZResetPasswordInput = z.strictObject({ id: ZObjectId, newPassword: ZPassword });

export const ZRoleCreateInput = z.strictObject({
  name: ZName,
  description: ZDescription.optional(),
  /** Only for custom roles; the six built-in roles take theirs from the matrix. */
  permissions: z.array(ZPermission).max(64).optional(),
});
export const ZRoleUpdateInput = z.strictObject({
  id: ZObjectId,
  data: ZRoleCreateInput.partial(),
  version: z.number().int().optional(),
});
export const ZRole = ZStamps.extend({
  name: z.string(),
  description: z.string(),
  isBuiltIn: z.boolean(),
  isActive: z.boolean(),
  permissions: z.array(ZPermission),
  userCount: z.number().int(),
});
export type TRole = z.infer<typeof ZRole>;
export const ROLE_SORT_FIELDS = ['name', 'createdAt'] as const;
export const ZRoleListInput = zListInput(ROLE_SORT_FIELDS);
