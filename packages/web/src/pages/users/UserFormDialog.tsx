import { ZUserCreateInput, type TPermission } from '@mas/shared';
import { Stack, TextField } from '@mui/material';
import { z } from 'zod';
import { useAuth } from '../../auth/auth-context.tsx';
import { useEntityForm } from '../../components/entity-list/use-entity-form.ts';
import { FormDialog } from '../../components/form/FormDialog.tsx';
import { FormSelectField } from '../../components/form/FormSelectField.tsx';
import { FormTextField } from '../../components/form/FormTextField.tsx';
import { PasswordField } from '../../components/form/PasswordField.tsx';
import { blankToNull } from '../../components/form/use-zod-form.ts';
import { i18n } from '../../i18n/index.ts';
import { useT } from '../../i18n/use-t.ts';
import type { TUserRow } from '../../lib/api-types.ts';
import { trpc } from '../../lib/trpc.ts';
import { roleLabel } from '../../lib/role-names.ts';
import { useRoleOptions } from '../../lib/use-role-options.ts';

/** Creating: the shared input plus a confirmation. Editing: the same without username and password. */
const ZCreateForm = ZUserCreateInput.extend({ confirmPassword: z.string() }).refine(
  (value) => value.password === value.confirmPassword,
  {
    path: ['confirmPassword'],
    error: () => i18n.t('auth:changePassword.mismatch'),
  },
);
const ZEditForm = ZUserCreateInput.omit({ username: true, password: true });

type TForm = {
  username: string;
  password: string;
  confirmPassword: string;
  email: string;
  firstName: string;
  lastName: string;
  roleId: string;
  phone: string;
  gender: string;
  address: string;
};
type TOut = z.output<typeof ZEditForm> & Partial<Pick<z.output<typeof ZCreateForm>, 'username' | 'password'>>;

const FIELDS = [
  'username',
  'password',
  'confirmPassword',
  'email',
  'firstName',
  'lastName',
  'roleId',
  'phone',
  'gender',
  'address',
] as const;
const GENDERS = ['F', 'M', 'X'] as const;

export function UserFormDialog({ row, onClose }: { row: TUserRow | null; onClose(): void }) {
  const { t } = useT('entities');
  const { user: me } = useAuth();
  const utils = trpc.useUtils();
  const roles = useRoleOptions();
  const create = trpc.user.create.useMutation();
  const editing = row !== null;
  const { form, dialogProps } = useEntityForm<TForm, TOut, TUserRow>({
    row,
    schema: (editing ? ZEditForm : ZCreateForm) as z.ZodType<TOut>,
    defaultValues: {
      username: row?.username ?? '',
      password: '',
      confirmPassword: '',
      email: row?.email ?? '',
      firstName: row?.firstName ?? '',
      lastName: row?.lastName ?? '',
      roleId: row?.roleId ?? '',
      phone: row?.phone ?? '',
      gender: row?.gender ?? '',
      address: row?.address ?? '',
    },
    prepare: (values) => {
      const { username, password, confirmPassword, phone, gender, address, ...rest } = values;
      return {
        ...rest,
        ...(editing ? {} : { username, password, confirmPassword }),
        phone: blankToNull(phone),
        gender: blankToNull(gender),
        address: blankToNull(address),
      };
    },
    create: {
      isPending: create.isPending,
      mutateAsync: ({ confirmPassword: _confirm, ...input }: TOut & { confirmPassword?: string }) =>
        create.mutateAsync(input as z.output<typeof ZUserCreateInput>),
    },
    update: trpc.user.update.useMutation(),
    nameOf: (values) => values.username ?? row?.username ?? '',
    fields: FIELDS,
    onSaved: () => {
      void utils.user.invalidate();
      void utils.role.invalidate();
      onClose();
    },
  });

  // Only roles within the administrator's own reach (the server enforces the same rule).
  const mine = new Set<TPermission>(me?.permissions ?? []);
  const roleOptions = roles
    .filter(
      (role) =>
        (role.isActive && role.permissions.every((permission) => mine.has(permission))) || role.id === row?.roleId,
    )
    .map((role) => ({ value: role.id, label: roleLabel(role.name) }));
  const genderOptions = [
    { value: '', label: t('common:none') },
    ...GENDERS.map((gender) => ({ value: gender, label: t(`user.genders.${gender}`) })),
  ];

  return (
    <FormDialog {...dialogProps} title={t(editing ? 'user.edit' : 'user.new')} onClose={onClose} maxWidth="md">
      {editing ? (
        <TextField
          label={t('user.fields.username')}
          value={row.username}
          disabled
          helperText={t('user.usernameFixed')}
        />
      ) : (
        <FormTextField
          control={form.control}
          name="username"
          label={t('user.fields.username')}
          required
          autoFocus
          autoComplete="off"
          slotProps={{ htmlInput: { maxLength: 60 } }}
        />
      )}
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <FormTextField
          control={form.control}
          name="firstName"
          label={t('user.fields.firstName')}
          required
          autoFocus={editing}
          slotProps={{ htmlInput: { maxLength: 60 } }}
        />
        <FormTextField
          control={form.control}
          name="lastName"
          label={t('user.fields.lastName')}
          required
          slotProps={{ htmlInput: { maxLength: 60 } }}
        />
      </Stack>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <FormTextField
          control={form.control}
          name="email"
          label={t('user.fields.email')}
          type="email"
          required
          autoComplete="off"
        />
        <FormSelectField
          control={form.control}
          name="roleId"
          label={t('user.fields.role')}
          options={roleOptions}
          required
        />
      </Stack>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <FormTextField
          control={form.control}
          name="phone"
          label={t('user.fields.phone')}
          type="tel"
          autoComplete="off"
        />
        <FormSelectField control={form.control} name="gender" label={t('user.fields.gender')} options={genderOptions} />
      </Stack>
      <FormTextField
        control={form.control}
        name="address"
        label={t('user.fields.address')}
        multiline
        minRows={2}
        slotProps={{ htmlInput: { maxLength: 300 } }}
      />
      {!editing && (
        <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
          <PasswordField
            control={form.control}
            name="password"
            label={t('user.fields.password')}
            autoComplete="new-password"
            required
            helperText={t('user.passwordHint')}
          />
          <PasswordField
            control={form.control}
            name="confirmPassword"
            label={t('user.fields.confirmPassword')}
            autoComplete="new-password"
            required
          />
        </Stack>
      )}
    </FormDialog>
  );
}
