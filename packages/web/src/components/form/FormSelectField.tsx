import { MenuItem, TextField, type TextFieldProps } from '@mui/material';
import { useController, type Control, type FieldValues, type Path } from 'react-hook-form';
import { localizeMessage } from './zod-messages.ts';

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

type Props<F extends FieldValues, Out> = Omit<
  TextFieldProps,
  'name' | 'value' | 'onChange' | 'onBlur' | 'error' | 'select'
> & {
  control: Control<F, unknown, Out>;
  name: Path<F>;
  options: SelectOption[];
};

/** A select bound to the form, keyboard-operable like any MUI select (type-ahead, arrows, Enter). */
export function FormSelectField<F extends FieldValues, Out>({
  control,
  name,
  options,
  helperText,
  ...props
}: Props<F, Out>) {
  const { field, fieldState } = useController({ control, name });
  const message = fieldState.error?.message;
  return (
    <TextField
      {...props}
      select
      name={field.name}
      value={field.value ?? ''}
      onChange={field.onChange}
      onBlur={field.onBlur}
      inputRef={field.ref}
      error={Boolean(fieldState.error)}
      helperText={message ? localizeMessage(message) : helperText}
    >
      {options.map((option) => (
        <MenuItem key={option.value} value={option.value} disabled={option.disabled}>
          {option.label}
        </MenuItem>
      ))}
    </TextField>
  );
}
