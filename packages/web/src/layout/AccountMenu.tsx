import ApiIcon from '@mui/icons-material/ApiOutlined';
import BackupIcon from '@mui/icons-material/BackupOutlined';
import ExportIcon from '@mui/icons-material/CloudDownloadOutlined';
import KeyIcon from '@mui/icons-material/KeyOutlined';
import LogoutIcon from '@mui/icons-material/Logout';
import {
  Avatar,
  Box,
  Chip,
  CircularProgress,
  Divider,
  IconButton,
  ListItemIcon,
  ListItemText,
  Menu,
  MenuItem,
  Typography,
  type BoxProps,
} from '@mui/material';
import { Hint } from '../components/Hint.tsx';
import { useSnackbar } from 'notistack';
import { useState } from 'react';
import { useT } from '../i18n/use-t.ts';
import { useAuth } from '../auth/auth-context.tsx';
import { initialsOf } from '../lib/format.ts';
import { describeError } from '../lib/errors.ts';
import { roleLabel } from '../lib/role-names.ts';
import { trpcClient } from '../lib/trpc.ts';
import { FhirExportDialog } from './FhirExportDialog.tsx';

/**
 * Who is signed in, atop the menu: not an item (role none, so the menu holds only items), and
 * skipped by the menu's focus (MenuList passes over children marked muiSkipListHighlight).
 */
function MenuHeader(props: BoxProps) {
  return <Box role="none" {...props} />;
}
MenuHeader.muiSkipListHighlight = true;

/** Who is signed in, with their password and sign-out. */
export function AccountMenu({ onChangePassword }: { onChangePassword(): void }) {
  const { t } = useT('auth');
  const { user, signOut, signingOut, can } = useAuth();
  const { enqueueSnackbar } = useSnackbar();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const [backingUp, setBackingUp] = useState(false);
  const [exporting, setExporting] = useState(false);
  if (!user) return null;
  const name = `${user.firstName} ${user.lastName}`;
  const close = () => setAnchor(null);

  /** The API's redacted export, saved as one JSON file (administrators only; the export is audited). */
  const downloadBackup = async () => {
    setBackingUp(true);
    try {
      const backup = await trpcClient.backup.export.mutate();
      const url = URL.createObjectURL(new Blob([JSON.stringify(backup)], { type: 'application/json' }));
      const link = Object.assign(document.createElement('a'), {
        href: url,
        download: `mas-backup-${backup.exportedAt.toISOString().slice(0, 10)}.json`,
      });
      link.click();
      URL.revokeObjectURL(url);
      enqueueSnackbar(t('account.backupDone'), { variant: 'success' });
    } catch (error) {
      enqueueSnackbar(describeError(error), { variant: 'error' });
    } finally {
      setBackingUp(false);
      close();
    }
  };

  return (
    <>
      <Hint title={t('account.menu')}>
        <IconButton
          onClick={(event) => setAnchor(event.currentTarget)}
          // Holds the initials shown, so a voice-control user can say what they see.
          aria-label={`${t('account.menu')}: ${name} (${initialsOf(name)})`}
          aria-haspopup="menu"
          data-testid="account-button"
          sx={{ p: 0.5 }}
        >
          <Avatar sx={{ width: 34, height: 34, bgcolor: 'primary.main', fontSize: 14, fontWeight: 700 }}>
            {initialsOf(name)}
          </Avatar>
        </IconButton>
      </Hint>
      <Menu anchorEl={anchor} open={Boolean(anchor)} onClose={close} slotProps={{ paper: { sx: { minWidth: 260 } } }}>
        <MenuHeader sx={{ px: 2, py: 1.5 }}>
          <Typography component="div" sx={{ fontWeight: 700 }} data-testid="account-name">
            {name}
          </Typography>
          <Typography variant="body2" component="div" color="text.secondary">
            @{user.username}
          </Typography>
          <Chip
            size="small"
            sx={{ mt: 1 }}
            color="primary"
            variant="outlined"
            label={`${t('account.role')}: ${roleLabel(user.roleName)}`}
          />
        </MenuHeader>
        <Divider />
        <MenuItem
          onClick={() => {
            close();
            onChangePassword();
          }}
        >
          <ListItemIcon>
            <KeyIcon fontSize="small" />
          </ListItemIcon>
          <ListItemText>{t('changePassword.title')}</ListItemText>
        </MenuItem>
        {can('backup.export') && (
          <MenuItem disabled={backingUp} onClick={() => void downloadBackup()} data-testid="download-backup">
            <ListItemIcon>{backingUp ? <CircularProgress size={18} /> : <BackupIcon fontSize="small" />}</ListItemIcon>
            <ListItemText>{backingUp ? t('account.backingUp') : t('account.backup')}</ListItemText>
          </MenuItem>
        )}
        {can('backup.export') && (
          <MenuItem
            onClick={() => {
              close();
              setExporting(true);
            }}
            data-testid="fhir-export-menu"
          >
            <ListItemIcon>
              <ExportIcon fontSize="small" />
            </ListItemIcon>
            <ListItemText>{t('account.fhirExport')}</ListItemText>
          </MenuItem>
        )}
        <MenuItem component="a" href="/api/docs/" target="_blank" rel="noopener" onClick={close} data-testid="api-docs">
          <ListItemIcon>
            <ApiIcon fontSize="small" />
          </ListItemIcon>
          <ListItemText>{t('account.apiDocs')}</ListItemText>
        </MenuItem>
        <MenuItem disabled={signingOut} onClick={() => void signOut()} data-testid="sign-out">
          <ListItemIcon>
            <LogoutIcon fontSize="small" />
          </ListItemIcon>
          <ListItemText>{signingOut ? t('account.signingOut') : t('common:actions.signOut')}</ListItemText>
        </MenuItem>
      </Menu>
      {exporting && <FhirExportDialog open onClose={() => setExporting(false)} />}
    </>
  );
}
