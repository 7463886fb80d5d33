import { TextField, type TextFieldProps } from '@mui/material';
import { useController, type Control, type FieldValues, type Path } from 'react-hook-form';
import { localizeMessage } from './zod-messages.ts';

type Props<F extends FieldValues, Out> = Omit<TextFieldProps, 'name' | 'value' | 'onChange' | 'onBlur' | 'error'> & {
  control: Control<F, unknown, Out>;
  name: Path<F>;
};

/** A text field bound to the form; its error (client or server) shows below it, translated. */
export function FormTextField<F extends FieldValues, Out>({ control, name, helperText, ...props }: Props<F, Out>) {
  const { field, fieldState } = useController({ control, name });
  const message = fieldState.error?.message;
  return (
    <TextField
      {...props}
      name={field.name}
      value={field.value ?? ''}
      onChange={field.onChange}
      onBlur={field.onBlur}
      inputRef={field.ref}
      disabled={props.disabled ?? field.disabled}
      error={Boolean(fieldState.error)}
      helperText={message ? localizeMessage(message) : helperText}
    />
  );
}
