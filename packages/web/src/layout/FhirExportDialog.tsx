import DownloadIcon from '@mui/icons-material/DownloadOutlined';
import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  LinearProgress,
  Link,
  List,
  ListItem,
  ListItemText,
  Stack,
  Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useT } from '../i18n/use-t.ts';

/** What GET /fhir/R4/_export answers: the administrator's recent bulk exports. */
interface ExportSummary {
  id: string;
  status: 'accepted' | 'running' | 'completed' | 'failed' | 'cancelled';
  types: string[];
  typesDone: number;
  resources: number;
  createdAt: string;
  expiresAt: string;
  manifest?: { output: { type: string; url: string; count: number }[] };
}

const FHIR = '/fhir/R4';
const headers = { accept: 'application/fhir+json' };

/**
 * FHIR bulk export for administrators: starts a system-level $export (an API job writes one
 * NDJSON file per resource type), shows its progress and links the files when done. The
 * session cookie authorizes every call and download, like the rest of the app.
 */
export function FhirExportDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const { t, i18n } = useT('auth');
  const [problem, setProblem] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const isRunning = (list: ExportSummary[] | undefined) =>
    list?.some((item) => item.status === 'accepted' || item.status === 'running') ?? false;
  // Polled while an export is queued or running, so its progress shows.
  const query = useQuery({
    queryKey: ['fhir-exports'],
    queryFn: async () => {
      const response = await fetch(`${FHIR}/_export`, { headers });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return (await response.json()) as ExportSummary[];
    },
    enabled: open,
    refetchInterval: (current) => (isRunning(current.state.data) ? 1500 : false),
  });
  const exports = query.data ?? null;
  const running = isRunning(query.data);
  const load = () => query.refetch();
  const shownProblem = problem ?? (query.isError ? t('fhirExport.failed') : null);

  const start = async () => {
    setStarting(true);
    setProblem(null);
    try {
      const response = await fetch(`${FHIR}/$export`, { headers: { ...headers, prefer: 'respond-async' } });
      if (response.status === 429) setProblem(t('fhirExport.busy'));
      else if (response.status !== 202) setProblem(t('fhirExport.failed'));
      await load();
    } finally {
      setStarting(false);
    }
  };

  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language);
  return (
    <Dialog open={open} onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="fhir-export-title">
      <DialogTitle id="fhir-export-title">{t('fhirExport.title')}</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {t('fhirExport.intro')}
        </Typography>
        {shownProblem && (
          <Alert severity="warning" sx={{ mb: 2 }}>
            {shownProblem}
          </Alert>
        )}
        {exports === null ? (
          query.isError ? null : (
            <LinearProgress aria-label={t('fhirExport.loading')} />
          )
        ) : exports.length === 0 ? (
          <Typography variant="body2">{t('fhirExport.none')}</Typography>
        ) : (
          <Stack spacing={2} data-testid="fhir-exports">
            {exports.map((item) => (
              <div key={item.id} data-testid="fhir-export" data-status={item.status}>
                <Typography variant="subtitle2">
                  {when(item.createdAt)} · {t(`fhirExport.status.${item.status}`)}
                </Typography>
                {item.status === 'accepted' || item.status === 'running' ? (
                  <>
                    <LinearProgress
                      variant="determinate"
                      value={(100 * item.typesDone) / Math.max(1, item.types.length)}
                      aria-label={t('fhirExport.progress', { done: item.typesDone, total: item.types.length })}
                      sx={{ my: 1 }}
                    />
                    <Typography variant="caption">
                      {t('fhirExport.progress', { done: item.typesDone, total: item.types.length })}
                    </Typography>
                  </>
                ) : null}
                {item.manifest && (
                  <>
                    <List dense>
                      {item.manifest.output.map((file) => (
                        <ListItem key={file.url} disableGutters>
                          <DownloadIcon fontSize="small" sx={{ mr: 1 }} aria-hidden />
                          <ListItemText
                            primary={
                              <Link href={file.url} download data-testid="fhir-export-file">
                                {file.type}.ndjson
                              </Link>
                            }
                            secondary={t('fhirExport.count', { count: file.count })}
                          />
                        </ListItem>
                      ))}
                    </List>
                    <Typography variant="caption" color="text.secondary">
                      {t('fhirExport.expires', { when: when(item.expiresAt) })}
                    </Typography>
                  </>
                )}
              </div>
            ))}
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{t('common:actions.close')}</Button>
        <Button
          variant="contained"
          disabled={starting || running}
          onClick={() => void start()}
          data-testid="fhir-export-start"
        >
          {t('fhirExport.start')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
