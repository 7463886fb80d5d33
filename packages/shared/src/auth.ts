import { z } from 'zod';
import { ZPassword } from './users.ts';
import { ZPermission } from './permissions.ts';
import { ZObjectId } from './common.ts';

export const ZLoginInput = z.strictObject({
  username: z.string().trim().min(1).max(60),
  // Never length-checked on login beyond a sanity bound: old passwords must still work.
  password: z.string().min(1).max(256),
  mode: z.enum(['cookie', 'token']).default('cookie'),
});

export const ZMe = z.strictObject({
  id: ZObjectId,
  username: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string(),
  roleId: ZObjectId,
  roleName: z.string(),
  permissions: z.array(ZPermission),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.date().nullable(),
});
export type TMe = z.infer<typeof ZMe>;

export const ZLoginOutput = z.strictObject({ user: ZMe, token: z.string().optional() });

export const ZChangePasswordInput = z
  .strictObject({ currentPassword: z.string().min(1).max(256), newPassword: ZPassword })
  .refine((value) => value.currentPassword !== value.newPassword, {
    path: ['newPassword'],
    message: 'validation.passwordSame',
  });
