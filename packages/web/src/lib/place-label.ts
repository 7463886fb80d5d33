import { tAny } from '../i18n/use-t.ts';

/** The API writes bed labels in English ("Room 101 · bed 3", "101 · bed 3"); readers get them in their language. */
export function localizedPlace(label: string): string {
  const match = /^(.*) · bed (\d+)$/.exec(label);
  return match
    ? tAny('clinical:admission.place', { room: match[1]!.replace(/^Room /, ''), bed: Number(match[2]) })
    : label;
}
