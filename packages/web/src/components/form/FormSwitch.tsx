import { FormControlLabel, Switch } from '@mui/material';
import { useController, type Control, type FieldValues, type Path } from 'react-hook-form';

/** A yes/no field; Space toggles it like any switch. */
export function FormSwitch<F extends FieldValues, Out>({
  control,
  name,
  label,
}: {
  control: Control<F, unknown, Out>;
  name: Path<F>;
  label: string;
}) {
  const { field } = useController({ control, name });
  return (
    <FormControlLabel
      label={label}
      control={
        <Switch
          name={field.name}
          checked={Boolean(field.value)}
          onChange={(event) => field.onChange(event.target.checked)}
          onBlur={field.onBlur}
          inputRef={field.ref}
        />
      }
    />
  );
}
