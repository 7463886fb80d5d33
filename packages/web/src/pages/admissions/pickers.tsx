import { keepPreviousData } from '@tanstack/react-query';
import { useState } from 'react';
import type { Control, FieldValues, Path } from 'react-hook-form';
import { useDebouncedValue } from '../../components/entity-list/live.ts';
import { FormAutocomplete } from '../../components/form/FormAutocomplete.tsx';
import type { TPatientRow, TStaffRow } from '../../lib/api-types.ts';
import { trpc } from '../../lib/trpc.ts';
import { useCatalogueOptions } from '../../lib/use-catalogue-options.ts';

interface PickerProps<F extends FieldValues, Out> {
  control: Control<F, unknown, Out>;
  name: Path<F>;
  label: string;
  autoFocus?: boolean;
}

/** Patients with an active record, searched on the server by name, username or email. */
export function PatientPicker<F extends FieldValues, Out>({ control, name, label, autoFocus }: PickerProps<F, Out>) {
  const [text, setText] = useState('');
  const search = useDebouncedValue(text.trim(), 250);
  const query = trpc.patient.list.useQuery(
    { page: 1, perPage: 20, status: 'active', ...(search ? { search } : {}) },
    { staleTime: 15_000, placeholderData: keepPreviousData },
  );
  return (
    <FormAutocomplete<F, Out, TPatientRow>
      control={control}
      name={name}
      label={label}
      options={query.data?.items ?? []}
      idOf={(patient) => patient.id}
      labelOf={(patient) => `${patient.firstName} ${patient.lastName} (@${patient.username})`}
      onSearch={setText}
      loading={query.isFetching}
      searching={text.trim() !== search || query.isPending || query.isPlaceholderData}
      required
      autoFocus={autoFocus ?? false}
      testId="patient-picker"
    />
  );
}

/** Active medical staff, with their specialty to tell namesakes apart. */
export function StaffPicker<F extends FieldValues, Out>({ control, name, label }: PickerProps<F, Out>) {
  const [text, setText] = useState('');
  const search = useDebouncedValue(text.trim(), 250);
  const query = trpc.medicalStaff.list.useQuery(
    { page: 1, perPage: 20, status: 'active', ...(search ? { search } : {}) },
    { staleTime: 15_000, placeholderData: keepPreviousData },
  );
  return (
    <FormAutocomplete<F, Out, TStaffRow>
      control={control}
      name={name}
      label={label}
      options={query.data?.items ?? []}
      idOf={(staff) => staff.id}
      labelOf={(staff) => `${staff.firstName} ${staff.lastName} · ${staff.specialtyName}`}
      onSearch={setText}
      loading={query.isFetching}
      searching={text.trim() !== search || query.isPending || query.isPlaceholderData}
      required
      testId="staff-picker"
    />
  );
}

/** Diagnoses, several, searched on the server (the catalogue can be long). */
export function DiagnosesPicker<F extends FieldValues, Out>({
  control,
  name,
  label,
  known = [],
}: PickerProps<F, Out> & { known?: { id: string; name: string }[] }) {
  const [text, setText] = useState('');
  const search = useDebouncedValue(text.trim(), 250);
  const diagnoses = useCatalogueOptions('diagnosis', search);
  return (
    <FormAutocomplete<F, Out, { id: string; name: string }>
      control={control}
      name={name}
      label={label}
      multiple
      options={diagnoses.options}
      known={known}
      idOf={(diagnosis) => diagnosis.id}
      labelOf={(diagnosis) => diagnosis.name}
      onSearch={setText}
      loading={diagnoses.loading}
      searching={text.trim() !== search || diagnoses.searching}
      required
      testId="diagnosis-picker"
    />
  );
}
