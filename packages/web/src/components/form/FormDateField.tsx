import { DatePicker } from '@mui/x-date-pickers/DatePicker';
import { DateTimePicker } from '@mui/x-date-pickers/DateTimePicker';
import type { Dayjs } from 'dayjs';
import { useController, type Control, type FieldValues, type Path } from 'react-hook-form';
import { localizeMessage } from './zod-messages.ts';

interface Props<F extends FieldValues, Out> {
  control: Control<F, unknown, Out>;
  name: Path<F>;
  label: string;
  /** A calendar day, or a day with a time. */
  withTime?: boolean;
  minDate?: Dayjs;
  maxDate?: Dayjs;
  required?: boolean;
  helperText?: string;
  autoFocus?: boolean;
}

/** A date (or date-time) picker bound to the form; typing the date works as well as the calendar. */
export function FormDateField<F extends FieldValues, Out>({
  control,
  name,
  label,
  withTime,
  minDate,
  maxDate,
  required,
  helperText,
  autoFocus,
}: Props<F, Out>) {
  const { field, fieldState } = useController({ control, name });
  const message = fieldState.error?.message;
  const slotProps = {
    textField: {
      name: field.name,
      required: required ?? false,
      error: Boolean(fieldState.error),
      helperText: message ? localizeMessage(message) : helperText,
      onBlur: field.onBlur,
      inputRef: field.ref,
      autoFocus: autoFocus ?? false,
      fullWidth: true,
    },
  };
  const common = {
    label,
    value: (field.value as Dayjs | null) ?? null,
    onChange: (value: Dayjs | null) => field.onChange(value),
    ...(minDate ? { minDate } : {}),
    ...(maxDate ? { maxDate } : {}),
    slotProps,
  };
  return withTime ? <DateTimePicker {...common} ampm={false} /> : <DatePicker {...common} />;
}
