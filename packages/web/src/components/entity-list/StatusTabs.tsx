import { Box, Tab, Tabs } from '@mui/material';
import type { Theme } from '@mui/material/styles';
import type { TStatusTab } from './types.ts';

export const STATUS_TABS: readonly TStatusTab[] = ['all', 'active', 'inactive'];
/** Count colours: the darker (light theme) or lighter (dark theme) shade, 4.5:1 or more on the count's grey. */
const ACTIVE_COUNT = (theme: Theme) => ({
  color: theme.vars?.palette.success.dark,
  ...theme.applyStyles('dark', { color: theme.vars?.palette.success.light }),
});
const COLORS: Record<string, string> = {
  inactive: 'text.secondary',
  discharged: 'text.secondary',
};

interface Props<K extends string> {
  tabs: readonly K[];
  label(tab: K): string;
  value: K;
  onChange(tab: K): void;
  counts?: Record<K, number> | undefined;
}

/** Status tabs (All / Active / Inactive by default), each with the server's count for the current search. */
export function StatusTabs<K extends string>({ tabs, label, value, onChange, counts }: Props<K>) {
  return (
    <Tabs
      value={value}
      onChange={(_, tab: K) => onChange(tab)}
      variant="scrollable"
      sx={{ px: { xs: 1, sm: 2 }, borderBottom: 1, borderColor: 'divider' }}
    >
      {tabs.map((tab) => (
        <Tab
          key={tab}
          value={tab}
          data-testid={`tab-${tab}`}
          iconPosition="end"
          label={label(tab)}
          icon={
            <Box
              component="span"
              data-testid={`count-${tab}`}
              sx={[
                {
                  ml: 0.5,
                  px: 0.75,
                  minWidth: 24,
                  borderRadius: 1,
                  fontSize: 12,
                  fontWeight: 700,
                  lineHeight: '20px',
                  bgcolor: 'action.selected',
                  color: COLORS[tab] ?? 'text.primary',
                },
                tab === 'active' && ACTIVE_COUNT,
              ]}
            >
              {counts ? counts[tab] : '·'}
            </Box>
          }
          sx={{ minHeight: 48, minWidth: 0, px: { xs: 1.25, sm: 2 } }}
        />
      ))}
    </Tabs>
  );
}
