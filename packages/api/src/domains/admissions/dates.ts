const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) of an instant in a time zone (the hospital's, JOBS_TIMEZONE). */
export function dayKey(date: Date, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** Every calendar day from `from` to `to` (inclusive) in a time zone. */
export function daysBetween(from: Date, to: Date, timeZone: string): string[] {
  const days: string[] = [];
  const last = dayKey(to, timeZone);
  // Stepping by 12 hours never skips a day, whatever the zone's offset changes.
  for (let t = from.getTime(); ; t += DAY_MS / 2) {
    const day = dayKey(new Date(Math.min(t, to.getTime())), timeZone);
    if (days[days.length - 1] !== day) days.push(day);
    if (day === last || t >= to.getTime()) break;
  }
  return days;
}

/** Whole days an admission lasted (or has lasted until `now`). */
export function wholeDays(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS));
}

export { DAY_MS };
