import ClearIcon from '@mui/icons-material/Clear';
import SearchIcon from '@mui/icons-material/Search';
import { CircularProgress, IconButton, InputAdornment, TextField } from '@mui/material';
import { useEffect, useState } from 'react';
import { useT } from '../../i18n/use-t.ts';

/** How long typing pauses before the list searches. */
export const SEARCH_DEBOUNCE_MS = 250;

/**
 * The list's search box. It keeps what is typed to itself and hands the list the text once
 * typing pauses, so each key re-renders only this field, not the whole list; a spinner shows
 * from the first key until the list has answered (`busy`).
 */
export function SearchField({
  value,
  onChange,
  busy = false,
  placeholder,
}: {
  /** The search the list runs now. */
  value: string;
  onChange(value: string): void;
  /** The list is fetching. */
  busy?: boolean;
  placeholder: string;
}) {
  const { t } = useT();
  const [text, setText] = useState(value);
  // Follow the list when it clears the search itself.
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    if (text.trim() !== value) setText(value);
  }
  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => onChange(text.trim()), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, value, onChange]);
  const clear = () => {
    setText('');
    onChange('');
  };
  const pending = text.trim() !== value || (busy && value !== '');

  return (
    <TextField
      size="small"
      value={text}
      onChange={(event) => setText(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && text) {
          event.stopPropagation();
          clear();
        } else if (event.key === 'Enter') onChange(text.trim());
      }}
      placeholder={placeholder}
      type="search"
      slotProps={{
        htmlInput: {
          'aria-label': t('list.search'),
          'data-testid': 'list-search',
          maxLength: 100,
          'aria-busy': pending,
        },
        input: {
          startAdornment: (
            <InputAdornment position="start">
              {pending ? (
                <CircularProgress size={18} aria-label={t('list.searching')} data-testid="search-busy" />
              ) : (
                <SearchIcon fontSize="small" />
              )}
            </InputAdornment>
          ),
          endAdornment: text ? (
            <InputAdornment position="end">
              <IconButton size="small" onClick={clear} aria-label={t('actions.clearSearch')}>
                <ClearIcon fontSize="small" />
              </IconButton>
            </InputAdornment>
          ) : undefined,
        },
      }}
      // Our own clear button replaces the browser's.
      sx={{ maxWidth: { sm: 360 }, '& input::-webkit-search-cancel-button': { display: 'none' } }}
    />
  );
}
