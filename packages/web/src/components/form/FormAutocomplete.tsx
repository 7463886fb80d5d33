import { Autocomplete, Chip, TextField } from '@mui/material';
import { useState, type ReactNode } from 'react';
import { useController, type Control, type FieldValues, type Path } from 'react-hook-form';
import { translateMessage } from '../../lib/errors.ts';

interface Props<F extends FieldValues, Out, O> {
  control: Control<F, unknown, Out>;
  name: Path<F>;
  label: string;
  /** The options to offer now (for a server search: the latest results). */
  options: readonly O[];
  /** Options already known, to show a selected value that the current results no longer hold. */
  known?: readonly O[];
  idOf(option: O): string;
  labelOf(option: O): string;
  renderOption?(option: O): ReactNode;
  groupBy?(option: O): string;
  /** Picks several (the form value is an array of ids) instead of one id. */
  multiple?: boolean;
  /** Called with what the user types, for server-side search. */
  onSearch?(text: string): void;
  loading?: boolean;
  required?: boolean;
  autoFocus?: boolean;
  helperText?: string;
  noOptionsText?: string;
  /** Adjusts a multiple selection as it changes (e.g. "None" stands alone). */
  normalize?(ids: string[], previous: string[]): string[];
  testId?: string;
}

/**
 * A searchable picker bound to the form by id(s): type to filter, arrows to move, Enter
 * to pick, Backspace to remove a chip.
 */
export function FormAutocomplete<F extends FieldValues, Out, O>(props: Props<F, Out, O>) {
  const { control, name, label, options, known = [], idOf, labelOf, multiple = false, onSearch, normalize } = props;
  const { field, fieldState } = useController({ control, name });
  // Options once picked stay resolvable while the search results move on.
  const [picked, setPicked] = useState<O[]>([]);
  const lookup = (id: string) =>
    options.find((o) => idOf(o) === id) ?? picked.find((o) => idOf(o) === id) ?? known.find((o) => idOf(o) === id);
  const ids: string[] = multiple
    ? ((field.value as string[] | undefined) ?? [])
    : field.value
      ? [field.value as string]
      : [];
  const selected = ids.map(lookup).filter((option): option is O => option !== undefined);
  const message = fieldState.error?.message;

  const commit = (next: O[]) => {
    setPicked((current) => [...current.filter((o) => !next.some((n) => idOf(n) === idOf(o))), ...next]);
    const nextIds = next.map(idOf);
    if (multiple) field.onChange(normalize ? normalize(nextIds, ids) : nextIds);
    else field.onChange(nextIds[0] ?? '');
  };

  return (
    <Autocomplete<O, boolean, false, false>
      multiple={multiple}
      // Enter picks the best match at once instead of falling through to submit the form.
      autoHighlight
      fullWidth
      sx={{ flex: 1, minWidth: 0 }}
      options={options as O[]}
      value={multiple ? selected : (selected[0] ?? null)}
      onChange={(_, value) => commit(Array.isArray(value) ? value : value ? [value as O] : [])}
      onInputChange={onSearch ? (_, text, reason) => reason === 'input' && onSearch(text) : undefined}
      filterOptions={onSearch ? (items) => items : undefined}
      getOptionLabel={labelOf}
      isOptionEqualToValue={(option, value) => idOf(option) === idOf(value)}
      {...(props.groupBy ? { groupBy: props.groupBy } : {})}
      {...(props.renderOption
        ? {
            renderOption: (attributes, option) => (
              <li {...attributes} key={idOf(option)}>
                {props.renderOption!(option)}
              </li>
            ),
          }
        : {})}
      renderValue={
        multiple
          ? (value, getItemProps) =>
              (value as O[]).map((option, index) => (
                <Chip {...getItemProps({ index })} key={idOf(option)} size="small" label={labelOf(option)} />
              ))
          : undefined
      }
      loading={props.loading ?? false}
      noOptionsText={props.noOptionsText}
      onBlur={field.onBlur}
      data-testid={props.testId}
      renderInput={(params) => (
        <TextField
          {...params}
          label={label}
          name={field.name}
          inputRef={field.ref}
          required={props.required ?? false}
          autoFocus={props.autoFocus ?? false}
          error={Boolean(fieldState.error)}
          helperText={message ? translateMessage(message) : props.helperText}
        />
      )}
    />
  );
}
