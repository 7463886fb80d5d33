import CircleIcon from '@mui/icons-material/Circle';
import { Chip } from '@mui/material';
import { Hint } from '../components/Hint.tsx';
import { useT } from '../i18n/use-t.ts';
import { trpc } from '../lib/trpc.ts';

/** The API and database status at a glance; polls the public health check. */
export function HealthChip({ size = 'small' }: { size?: 'small' | 'medium' }) {
  const { t } = useT();
  const health = trpc.health.check.useQuery(undefined, { refetchInterval: 30_000, retry: false, staleTime: 10_000 });
  const data = health.data;
  const state = health.isPending
    ? 'checking'
    : !data || health.isError
      ? 'unreachable'
      : data.database === 'up'
        ? 'ok'
        : 'dbDown';
  const color =
    state === 'ok' ? 'success' : state === 'checking' ? 'default' : state === 'dbDown' ? 'warning' : 'error';
  const chip = (
    <Chip
      data-testid="health"
      data-api={data?.status ?? 'down'}
      data-database={data?.database ?? 'unknown'}
      size={size}
      variant="outlined"
      color={color}
      icon={<CircleIcon sx={{ fontSize: '0.7em !important' }} />}
      label={t(`health.${state}`)}
    />
  );
  return data ? (
    <Hint title={t('health.details', { status: data.status, database: data.database, version: data.version })}>
      {chip}
    </Hint>
  ) : (
    chip
  );
}
