import { Autocomplete, TextField } from '@mui/material';
import { useState } from 'react';
import { useDebouncedValue } from '../../components/entity-list/live.ts';
import { useT } from '../../i18n/use-t.ts';
import type { TUserRow } from '../../lib/api-types.ts';
import { trpc } from '../../lib/trpc.ts';

export type TActorFilter = { actorId: string; label: string } | { username: string } | null;

/**
 * Pick a user, or type a username exactly (failed sign-ins of unknown names have no
 * account to pick).
 */
export function ActorFilter({ value, onChange }: { value: TActorFilter; onChange(value: TActorFilter): void }) {
  const { t } = useT('audit');
  const [input, setInput] = useState('');
  const search = useDebouncedValue(input.trim(), 300);
  const users = trpc.user.list.useQuery(
    { page: 1, perPage: 20, status: 'all', ...(search ? { search } : {}) },
    { staleTime: 30_000 },
  );
  const options = users.data?.items ?? [];
  const current = value === null ? null : 'actorId' in value ? value.label : value.username;

  return (
    <Autocomplete<TUserRow | string, false, false, true>
      freeSolo
      size="small"
      options={options}
      loading={users.isFetching}
      value={current}
      inputValue={input}
      onInputChange={(_, text) => setInput(text)}
      filterOptions={(items) => items}
      getOptionLabel={(option) =>
        typeof option === 'string' ? option : `${option.firstName} ${option.lastName} (@${option.username})`
      }
      isOptionEqualToValue={(option, selected) =>
        typeof option === 'string'
          ? option === selected
          : `${option.firstName} ${option.lastName} (@${option.username})` === selected
      }
      onChange={(_, option) => {
        if (!option) onChange(null);
        else if (typeof option === 'string') onChange(option.trim() ? { username: option.trim() } : null);
        else onChange({ actorId: option.id, label: `${option.firstName} ${option.lastName} (@${option.username})` });
      }}
      renderInput={(params) => <TextField {...params} label={t('filters.actor')} placeholder={t('filters.anyone')} />}
      sx={{ flex: { md: 1 }, minWidth: { md: 200 }, maxWidth: { md: 240 } }}
      data-testid="audit-actor"
    />
  );
}
