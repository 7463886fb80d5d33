import {
  Alert,
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Stack,
  useMediaQuery,
} from '@mui/material';
import { useTheme } from '@mui/material/styles';
import { useRef, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useT } from '../../i18n/use-t.ts';

/** What counts as a field to start in: inputs, and the sections of MUI X date fields. */
const FIELD =
  'input:not([type="hidden"]):not([disabled]):not([tabindex="-1"]):not([aria-hidden="true"]), textarea:not([disabled]), select:not([disabled]), [role="spinbutton"]';

/**
 * Puts focus on the dialog's first field unless a field already has it (an `autoFocus` field):
 * MUI's focus trap otherwise leaves it on the dialog itself, and what the user types goes nowhere.
 */
export function focusFirstField(container: HTMLElement | null) {
  if (!container) return;
  const active = document.activeElement;
  if (active && active !== container && container.contains(active) && active.matches(FIELD)) return;
  container.querySelector<HTMLElement>(FIELD)?.focus();
}

interface Props {
  open: boolean;
  title: string;
  onClose(): void;
  onSubmit(event: FormEvent<HTMLFormElement>): void;
  submitLabel: string;
  pending: boolean;
  /** A message that belongs to no single field (conflicts, permissions, network). */
  error?: string | null;
  children: ReactNode;
  maxWidth?: 'xs' | 'sm' | 'md';
  testId?: string;
}

/**
 * A form in a dialog: Enter submits (Ctrl+Enter from a multi-line field), Esc closes,
 * and nothing closes it by accident while saving. Full screen on phones.
 */
export function FormDialog({
  open,
  title,
  onClose,
  onSubmit,
  submitLabel,
  pending,
  error,
  children,
  maxWidth = 'sm',
  testId,
}: Props) {
  const { t } = useT();
  const theme = useTheme();
  const fullScreen = useMediaQuery(theme.breakpoints.down('sm'));
  const titleId = `${testId ?? 'form'}-title`;
  const contentRef = useRef<HTMLDivElement>(null);

  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      event.currentTarget.requestSubmit();
    }
  };

  return (
    <Dialog
      open={open}
      onClose={pending ? undefined : onClose}
      maxWidth={maxWidth}
      fullScreen={fullScreen}
      aria-labelledby={titleId}
      data-testid={testId}
      slotProps={{
        paper: { component: 'form', noValidate: true, onSubmit, onKeyDown } as object,
        transition: {
          onEntering: () => focusFirstField(contentRef.current),
          onEntered: () => focusFirstField(contentRef.current),
        },
      }}
    >
      <DialogTitle id={titleId}>{title}</DialogTitle>
      <DialogContent dividers ref={contentRef}>
        <Stack spacing={2.5} sx={{ pt: 0.5 }}>
          {error && (
            <Alert severity="error" role="alert">
              {error}
            </Alert>
          )}
          {children}
        </Stack>
      </DialogContent>
      <DialogActions sx={{ px: 3, py: 2 }}>
        <Button onClick={onClose} disabled={pending} color="inherit">
          {t('actions.cancel')}
        </Button>
        <Button
          type="submit"
          variant="contained"
          disabled={pending}
          startIcon={pending ? <CircularProgress size={16} color="inherit" /> : undefined}
          data-testid="form-submit"
        >
          {pending ? t('actions.saving') : submitLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
