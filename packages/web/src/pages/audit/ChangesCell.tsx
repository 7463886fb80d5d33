import ExpandLessIcon from '@mui/icons-material/ExpandLess';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { Box, Button, Typography } from '@mui/material';
import { i18n } from '../../i18n/index.ts';
import type { TResources } from '../../i18n/resources.ts';
import { tAny, useT } from '../../i18n/use-t.ts';
import type { TAuditRow } from '../../lib/api-types.ts';
import { auditFieldLabel, auditValue } from './audit-values.ts';

/** Keys the API derives from other fields (normalized names, search text): noise in a diff. */
const DERIVED = /Key$|^searchText$|^sortName$/;
export const visibleChanges = (changes: TAuditRow['changes']) =>
  changes.filter((change) => !DERIVED.test(change.field));

/** A field's name in the reader's language when we know it, else as stored. */
type TKnownField = keyof TResources['audit']['fields'];
const isKnownField = (field: string): field is TKnownField => i18n.exists(`audit:fields.${field}`);
export const fieldLabel = (field: string): string => (isKnownField(field) ? tAny(`audit:fields.${field}`) : field);

interface Props {
  /** The record type, which says what the values mean (e.g. an admission's status). */
  entity: string;
  changes: TAuditRow['changes'];
  expanded: boolean;
  onToggle(): void;
}

/** The field-level diff of one audit entry, folded to a count until asked for. */
export function ChangesCell({ entity, changes: all, expanded, onToggle }: Props) {
  const { t } = useT('audit');
  const changes = visibleChanges(all);
  if (changes.length === 0) {
    return (
      <Box sx={{ display: 'flex', alignItems: 'center', height: '100%' }}>
        <Typography variant="body2" color="text.secondary">
          {t('common:none')}
        </Typography>
      </Box>
    );
  }
  const empty = t('diff.empty');
  return (
    <Box sx={{ py: 0.5, width: '100%' }}>
      <Button
        size="small"
        onClick={(event) => {
          event.stopPropagation();
          onToggle();
        }}
        endIcon={expanded ? <ExpandLessIcon /> : <ExpandMoreIcon />}
        aria-expanded={expanded}
        // The visible count stays in the name (what a voice-control user says).
        aria-label={`${expanded ? t('hideChanges') : t('showChanges')}: ${t('changes', { count: changes.length })}`}
        data-testid="audit-expand"
      >
        {t('changes', { count: changes.length })}
      </Button>
      {expanded && (
        // One block per field, before → after: reads well even in a narrow column.
        <Box component="dl" sx={{ m: 0, mt: 0.5, pb: 0.5 }} data-testid="audit-diff">
          {changes.map((change) => (
            <Box key={change.field} sx={{ mb: 0.75 }} data-testid="audit-diff-field">
              <Typography component="dt" variant="caption" sx={{ fontWeight: 700, display: 'block' }}>
                {auditFieldLabel(change.field, fieldLabel)}
              </Typography>
              <Typography component="dd" variant="body2" sx={{ m: 0, overflowWrap: 'anywhere' }}>
                <Box component="del" aria-label={t('diff.before')} sx={{ color: 'error.main' }}>
                  {auditValue(entity, change.field, change.from, empty)}
                </Box>
                {' → '}
                <Box
                  component="ins"
                  aria-label={t('diff.after')}
                  sx={{ color: 'success.main', textDecoration: 'none' }}
                >
                  {auditValue(entity, change.field, change.to, empty)}
                </Box>
              </Typography>
            </Box>
          ))}
        </Box>
      )}
    </Box>
  );
}
