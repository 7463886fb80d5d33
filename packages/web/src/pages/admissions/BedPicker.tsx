import type { Control, FieldValues, Path } from 'react-hook-form';
import { FormAutocomplete } from '../../components/form/FormAutocomplete.tsx';
import { useT } from '../../i18n/use-t.ts';
import { trpc } from '../../lib/trpc.ts';
import { freeBeds, placeLabel, type FreeBed } from './places.ts';

interface Props<F extends FieldValues, Out> {
  control: Control<F, unknown, Out>;
  name: Path<F>;
  label: string;
  autoFocus?: boolean;
}

/**
 * Only free beds, grouped by ward, from the live bed board: type "101" or "cama 2" to narrow,
 * arrows and Enter to choose. The database still refuses a bed taken meanwhile.
 */
export function BedPicker<F extends FieldValues, Out>({ control, name, label, autoFocus }: Props<F, Out>) {
  const { t } = useT('clinical');
  const board = trpc.room.board.useQuery(undefined, { staleTime: 5_000 });
  const options = freeBeds(board.data ?? []).sort(
    (a, b) => a.ward.localeCompare(b.ward) || a.roomName.localeCompare(b.roomName) || a.bed - b.bed,
  );
  return (
    <FormAutocomplete<F, Out, FreeBed>
      control={control}
      name={name}
      label={label}
      options={options}
      idOf={(option) => option.key}
      labelOf={(option) => placeLabel(option.roomName, option.bed)}
      groupBy={(option) => option.ward}
      loading={board.isPending}
      required
      autoFocus={autoFocus ?? false}
      helperText={board.data ? t('admission.freeBeds', { count: options.length }) : undefined}
      noOptionsText={t('admission.noFreeBeds')}
      testId="bed-picker"
    />
  );
}
