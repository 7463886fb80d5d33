import { Box, Chip, Tooltip } from '@mui/material';
import { useT } from '../../i18n/use-t.ts';
import type { TLiveStatus } from './types.ts';

/** Whether the list is receiving changes as they happen. */
export function LiveChip({ status }: { status: TLiveStatus }) {
  const { t } = useT();
  const live = status === 'pending';
  return (
    <Tooltip title={live ? t('list.live') : t('list.offline')}>
      <Chip
        size="small"
        variant="outlined"
        color={live ? 'success' : 'warning'}
        data-testid="live-status"
        data-status={status}
        label={
          <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.75 }}>
            <Box
              component="span"
              sx={{
                width: 8,
                height: 8,
                borderRadius: '50%',
                bgcolor: live ? 'success.main' : 'warning.main',
                animation: live ? 'mas-pulse 2s ease-in-out infinite' : 'none',
                '@keyframes mas-pulse': { '0%, 100%': { opacity: 1 }, '50%': { opacity: 0.35 } },
              }}
            />
            {live ? t('list.liveShort') : t('list.reconnecting')}
          </Box>
        }
      />
    </Tooltip>
  );
}
