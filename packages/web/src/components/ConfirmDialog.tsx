import {
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
} from '@mui/material';
import { useT } from '../i18n/use-t.ts';

interface Props {
  open: boolean;
  title: string;
  text: string;
  confirmLabel: string;
  pending: boolean;
  onConfirm(): void;
  onClose(): void;
}

/** "Are you sure?" for destructive actions; the safe choice has the focus. */
export function ConfirmDialog({ open, title, text, confirmLabel, pending, onConfirm, onClose }: Props) {
  const { t } = useT();
  return (
    <Dialog
      open={open}
      onClose={pending ? undefined : onClose}
      maxWidth="xs"
      aria-labelledby="confirm-title"
      data-testid="confirm-dialog"
    >
      <DialogTitle id="confirm-title">{title}</DialogTitle>
      <DialogContent>
        <DialogContentText>{text}</DialogContentText>
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        <Button onClick={onClose} disabled={pending} color="inherit" autoFocus>
          {t('actions.cancel')}
        </Button>
        <Button
          onClick={onConfirm}
          disabled={pending}
          variant="contained"
          color="error"
          startIcon={pending ? <CircularProgress size={16} color="inherit" /> : undefined}
          data-testid="confirm-button"
        >
          {pending ? t('actions.deleting') : confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
