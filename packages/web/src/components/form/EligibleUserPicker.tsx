import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import type { Control, FieldValues, Path } from 'react-hook-form';
import type { TEligibleUser } from '../../lib/api-types.ts';
import { trpc } from '../../lib/trpc.ts';
import { useDebouncedValue } from '../entity-list/live.ts';
import { FormAutocomplete } from './FormAutocomplete.tsx';

interface Props<F extends FieldValues, Out> {
  control: Control<F, unknown, Out>;
  name: Path<F>;
  /** Whose eligible accounts: active Patient accounts, or active Medical Staff accounts, without a record. */
  kind: 'patient' | 'medicalStaff';
  label: string;
  helperText: string;
  noOptionsText: string;
}

const labelOf = (user: TEligibleUser) => `${user.firstName} ${user.lastName} (@${user.username})`;

/** The account a new patient or staff record links to, searched on the server as the user types. */
export function EligibleUserPicker<F extends FieldValues, Out>({
  control,
  name,
  kind,
  label,
  helperText,
  noOptionsText,
}: Props<F, Out>) {
  const [text, setText] = useState('');
  const search = useDebouncedValue(text.trim(), 250);
  const input = { limit: 20, ...(search ? { search } : {}) };
  // Earlier results stay listed while the next search runs, so arrows and Enter always have options.
  const patients = trpc.patient.eligibleUsers.useQuery(input, {
    enabled: kind === 'patient',
    placeholderData: keepPreviousData,
  });
  const staff = trpc.medicalStaff.eligibleUsers.useQuery(input, {
    enabled: kind === 'medicalStaff',
    placeholderData: keepPreviousData,
  });
  const query = kind === 'patient' ? patients : staff;
  return (
    <FormAutocomplete<F, Out, TEligibleUser>
      control={control}
      name={name}
      label={label}
      options={query.data ?? []}
      idOf={(user) => user.id}
      labelOf={labelOf}
      onSearch={setText}
      loading={query.isFetching}
      searching={text.trim() !== search || query.isPending || query.isPlaceholderData}
      required
      autoFocus
      helperText={helperText}
      noOptionsText={noOptionsText}
      testId="user-picker"
    />
  );
}
