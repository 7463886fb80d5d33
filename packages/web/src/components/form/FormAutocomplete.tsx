import { Autocomplete, Chip, createFilterOptions, TextField } from '@mui/material';
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useController, type Control, type FieldValues, type Path } from 'react-hook-form';
import { localizeMessage } from './zod-messages.ts';

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
  /**
   * The options do not answer the typed text yet (a server search is debouncing or in flight):
   * they are narrowed here meanwhile; Enter takes the first narrowed match, or waits for the
   * answer when nothing matches yet.
   */
  searching?: boolean;
  required?: boolean;
  autoFocus?: boolean;
  helperText?: string;
  noOptionsText?: string;
  /** Adjusts a multiple selection as it changes (e.g. "None" stands alone). */
  normalize?(ids: string[], previous: string[]): string[];
  testId?: string;
}

/** Narrows the last results by the typed text while the server's answer is on its way (accents and case ignored). */
const narrow = createFilterOptions<unknown>();

/**
 * A searchable picker bound to the form by id(s): type to filter, arrows to move, Enter
 * to pick (the first match when none is highlighted), Backspace to remove a chip.
 *
 * Nothing is highlighted until the user moves there, so "type, ArrowDown, Enter" picks the
 * first match. The selection handed to MUI keeps its identity while the same ids are chosen:
 * a new array would make MUI clear what the user is typing on every re-render.
 */
export function FormAutocomplete<F extends FieldValues, Out, O>(props: Props<F, Out, O>) {
  const { control, name, label, options, known = [], idOf, labelOf, multiple = false, onSearch, normalize } = props;
  const searching = props.searching ?? false;
  const { field, fieldState } = useController({ control, name });
  // Options once picked stay resolvable while the search results move on.
  const [picked, setPicked] = useState<O[]>([]);
  const [inputValue, setInputValue] = useState('');
  const [open, setOpen] = useState(false);
  const pendingEnter = useRef(false);
  const lookup = (id: string) =>
    options.find((o) => idOf(o) === id) ?? picked.find((o) => idOf(o) === id) ?? known.find((o) => idOf(o) === id);
  const ids: string[] = multiple
    ? ((field.value as string[] | undefined) ?? [])
    : field.value
      ? [field.value as string]
      : [];
  const resolved = ids.map(lookup).filter((option): option is O => option !== undefined);
  const key = resolved.map(idOf).join('\u0000');
  const [stable, setStable] = useState({ key, selected: resolved });
  if (stable.key !== key) setStable({ key, selected: resolved });
  const selected = stable.key === key ? stable.selected : resolved;
  const message = fieldState.error?.message;

  const commit = (next: O[]) => {
    setPicked((current) => [...current.filter((o) => !next.some((n) => idOf(n) === idOf(o))), ...next]);
    const nextIds = next.map(idOf);
    if (multiple) field.onChange(normalize ? normalize(nextIds, ids) : nextIds);
    else field.onChange(nextIds[0] ?? '');
  };

  const filterOptions = (items: O[], state: { inputValue: string; getOptionLabel(option: O): string }) => {
    if (!onSearch) return (narrow as (items: O[], state: unknown) => O[])(items, state);
    return searching && state.inputValue.trim() ? (narrow as (items: O[], state: unknown) => O[])(items, state) : items;
  };
  /** The first shown option not yet chosen (while a search runs, the earlier results narrowed to the text). */
  const firstShown = () =>
    filterOptions(options as O[], { inputValue, getOptionLabel: labelOf }).find(
      (option) => !ids.includes(idOf(option)),
    );
  const pickFirst = () => {
    const first = firstShown();
    if (first) commit(multiple ? [...selected, first] : [first]);
    setOpen(false);
  };
  // Enter pressed before the search answered: pick the first match once it has.
  useEffect(() => {
    if (!pendingEnter.current || searching) return;
    pendingEnter.current = false;
    pickFirst();
  });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement> & { defaultMuiPrevented?: boolean }) => {
    if (event.key !== 'Enter' || event.nativeEvent.isComposing) return;
    // MUI marks the highlighted option on the input; without one, MUI would do nothing.
    const highlighted = (event.target as HTMLElement).getAttribute('aria-activedescendant');
    if (!open || highlighted || !inputValue.trim()) return;
    // Typed text and nothing highlighted: Enter means "the first match", never "submit the form".
    event.preventDefault();
    event.defaultMuiPrevented = true;
    // What is shown already matches the text: take it. Only with nothing to show yet, wait for the search.
    if (searching && !firstShown()) pendingEnter.current = true;
    else pickFirst();
  };

  return (
    <Autocomplete<O, boolean, false, false>
      multiple={multiple}
      fullWidth
      sx={{ flex: 1, minWidth: 0 }}
      options={options as O[]}
      value={multiple ? selected : (selected[0] ?? null)}
      onChange={(_, value) => commit(Array.isArray(value) ? value : value ? [value as O] : [])}
      open={open}
      onOpen={() => setOpen(true)}
      onClose={() => {
        pendingEnter.current = false;
        setOpen(false);
      }}
      inputValue={inputValue}
      onInputChange={(_, text, reason) => {
        setInputValue(text);
        if (reason === 'input') pendingEnter.current = false;
        // A picked option shows its name in a single picker; that is not a new search.
        if (onSearch && (reason === 'input' || text === '')) onSearch(text);
      }}
      onKeyDown={onKeyDown}
      filterOptions={filterOptions}
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
          helperText={message ? localizeMessage(message) : props.helperText}
        />
      )}
    />
  );
}
