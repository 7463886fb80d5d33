import type { TCodedLabel } from '@mas/shared';
import { tAny } from '../i18n/use-t.ts';

/**
 * A label the API composed (a bed, a count) in the reader's language: `common:labels.<code>`
 * with its params. Notifications name a bed's room as it is called now; the audit trail as it
 * was then (the API decides which name it sends).
 */
export function codedLabelText(label: TCodedLabel): string {
  return String(tAny(`common:labels.${label.code}` as never, label.params as never));
}
