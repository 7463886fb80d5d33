import { Avatar, Box, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { initialsOf } from '../lib/format.ts';

/** A person in a grid cell: initials, name, and one line below (username, email…). */
export function PersonCell({
  name,
  secondary,
  muted = false,
  extra,
}: {
  name: string;
  secondary: string;
  muted?: boolean;
  extra?: ReactNode;
}) {
  return (
    <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', height: '100%', minWidth: 0 }}>
      <Avatar sx={{ width: 32, height: 32, fontSize: 13, bgcolor: muted ? 'action.disabled' : 'primary.main' }}>
        {initialsOf(name)}
      </Avatar>
      <Box sx={{ minWidth: 0, lineHeight: 1.3 }}>
        <Typography variant="body2" noWrap sx={{ fontWeight: 600 }}>
          {name}
          {extra}
        </Typography>
        <Typography variant="caption" color="text.secondary" noWrap component="div">
          {secondary}
        </Typography>
      </Box>
    </Stack>
  );
}
