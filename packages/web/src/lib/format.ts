import dayjs from 'dayjs';

export function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : '')).toUpperCase() || '?';
}

/** Date and time in the current language, e.g. "12 mar 2026 14:05". */
export const formatDateTime = (value: Date | string | null | undefined) => (value ? dayjs(value).format('lll') : '');
export const formatDate = (value: Date | string | null | undefined) => (value ? dayjs(value).format('ll') : '');

/** Compact date and time for grids, e.g. "28/11/2026 14:05". */
export const formatShortDateTime = (value: Date | string | null | undefined) =>
  value ? dayjs(value).format('L LT') : '';
