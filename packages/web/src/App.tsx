import { Alert, Box, Card, CardContent, Chip, CircularProgress, CssBaseline, Stack, ThemeProvider, Typography, createTheme } from '@mui/material';
import { trpc } from './lib/trpc.ts';

const theme = createTheme({ palette: { primary: { main: '#0b6e99' } } });

export function App() {
  const health = trpc.health.check.useQuery(undefined, { refetchInterval: 10_000 });
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <Box sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', bgcolor: 'grey.100', p: 2 }}>
        <Card sx={{ minWidth: 320 }}>
          <CardContent>
            <Typography variant="h5" gutterBottom>
              MAS — Medical Admission System
            </Typography>
            {health.isPending && <CircularProgress size={24} aria-label="loading" />}
            {health.error && <Alert severity="error">API unreachable: {health.error.message}</Alert>}
            {health.data && (
              <Stack direction="row" spacing={1} data-testid="health">
                <Chip color="success" label={`API ${health.data.status}`} />
                <Chip color={health.data.database === 'up' ? 'success' : 'error'} label={`database ${health.data.database}`} />
                <Chip variant="outlined" label={`v${health.data.version}`} />
              </Stack>
            )}
          </CardContent>
        </Card>
      </Box>
    </ThemeProvider>
  );
}
