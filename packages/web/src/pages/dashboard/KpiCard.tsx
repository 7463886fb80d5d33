import { Box, Card, CardActionArea, CardContent, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router';

interface Props {
  label: string;
  value: string;
  detail?: string;
  icon: ReactNode;
  /** The list behind the figure, when this user may open it. */
  to?: string;
  testId: string;
  children?: ReactNode;
}

/** One figure with its meaning; clickable through to the list it counts. */
export function KpiCard({ label, value, detail, icon, to, testId, children }: Props) {
  const body = (
    <CardContent sx={{ height: '100%' }}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'flex-start' }}>
        <Box sx={{ flex: 1, minWidth: 0 }}>
          <Typography variant="body2" color="text.secondary" sx={{ fontWeight: 600 }}>
            {label}
          </Typography>
          <Typography variant="h4" component="p" sx={{ my: 0.5 }} data-testid={`${testId}-value`}>
            {value}
          </Typography>
          {detail && (
            <Typography variant="caption" color="text.secondary">
              {detail}
            </Typography>
          )}
        </Box>
        <Box
          sx={{
            minWidth: 44,
            height: 44,
            borderRadius: 2,
            display: 'grid',
            placeItems: 'center',
            bgcolor: 'action.hover',
            color: 'primary.main',
            flexShrink: 0,
          }}
        >
          {icon}
        </Box>
      </Stack>
      {children}
    </CardContent>
  );
  return (
    // An item of the dashboard's list of figures: label, figure, detail, read in that order.
    <Card data-testid={testId} role="listitem" sx={{ height: '100%' }}>
      {to ? (
        <CardActionArea component={RouterLink} to={to} sx={{ height: '100%' }}>
          {body}
        </CardActionArea>
      ) : (
        body
      )}
    </Card>
  );
}
