import { badRequest } from './outcome.ts';
import type { SearchRequest } from './types.ts';

/** A date search value: its prefix and the instant range its precision covers. */
export interface DateParam {
  prefix: 'eq' | 'ne' | 'gt' | 'lt' | 'ge' | 'le' | 'sa' | 'eb' | 'ap';
  start: Date;
  /** Exclusive end of the value's precision (a day, a month, a year, or one millisecond). */
  end: Date;
}

const DATE = /^(eq|ne|gt|lt|ge|le|sa|eb|ap)?(\d{4})(?:-(\d{2})(?:-(\d{2})(T[0-9:.]+(?:Z|[+-]\d{2}:\d{2}))?)?)?$/;

export function parseDate(name: string, value: string): DateParam {
  const match = DATE.exec(value);
  if (!match) throw badRequest(`${name}: "${value}" is not a FHIR date (e.g. 1980-05-01, ge2024-01-01)`);
  const [, prefix = 'eq', year, month, day, time] = match;
  // A month or day that does not exist (2024-13-01, 2023-02-29) is refused, not rolled over into the next.
  const calendarDay = new Date(Date.UTC(Number(year), Number(month ?? 1) - 1, Number(day ?? 1)));
  if (calendarDay.getUTCMonth() !== Number(month ?? 1) - 1 || calendarDay.getUTCDate() !== Number(day ?? 1))
    throw badRequest(`${name}: "${value}" is not a valid date`);
  let start: Date;
  let end: Date;
  if (time) {
    start = new Date(`${year}-${month}-${day}${time}`);
    end = new Date(start.getTime() + 1);
  } else if (day) {
    start = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
    end = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day) + 1));
  } else if (month) {
    start = new Date(Date.UTC(Number(year), Number(month) - 1, 1));
    end = new Date(Date.UTC(Number(year), Number(month), 1));
  } else {
    start = new Date(Date.UTC(Number(year), 0, 1));
    end = new Date(Date.UTC(Number(year) + 1, 0, 1));
  }
  if (Number.isNaN(start.getTime())) throw badRequest(`${name}: "${value}" is not a valid date`);
  return { prefix: prefix as DateParam['prefix'], start, end };
}

/** The [from, before) range a date parameter asks for; eq/ge/gt/le/lt (and sa/eb) only. */
export function dateRange(name: string, value: string): { from?: Date; before?: Date } {
  const { prefix, start, end } = parseDate(name, value);
  switch (prefix) {
    case 'eq':
    case 'ap':
      return { from: start, before: end };
    case 'ge':
      return { from: start };
    case 'gt':
    case 'sa':
      return { from: end };
    case 'le':
      return { before: end };
    case 'lt':
    case 'eb':
      return { before: start };
    case 'ne':
      throw badRequest(`${name}: the "ne" prefix is not supported`);
  }
}

/** Intersects several date parameters (date=ge2024-01-01&date=lt2024-02-01). */
export function dateRanges(name: string, values: string[] | undefined): { from?: Date; before?: Date } {
  const range: { from?: Date; before?: Date } = {};
  for (const value of values ?? []) {
    const { from, before } = dateRange(name, value);
    if (from && (!range.from || from > range.from)) range.from = from;
    if (before && (!range.before || before < range.before)) range.before = before;
  }
  return range;
}

/** The one value of a parameter given at most once. */
export function single(request: SearchRequest, name: string): string | undefined {
  const values = request.params.get(name);
  if (!values) return undefined;
  if (values.length > 1 || values[0]!.includes(',')) throw badRequest(`${name}: give one value`);
  return values[0];
}

/** The id of a reference parameter: "Patient/<id>" or "<id>" (the type must match). */
export function referenceId(request: SearchRequest, name: string, type: string): string | undefined {
  const value = single(request, name);
  if (value === undefined) return undefined;
  const [given, id] = value.includes('/') ? value.split('/', 2) : [type, value];
  if (given !== type || !id) throw badRequest(`${name}: expected ${type}/<id> or <id>`);
  return id;
}

/** A token parameter's value, with its system when one is given (system|value). */
export function token(request: SearchRequest, name: string): { system?: string; value: string } | undefined {
  const raw = single(request, name);
  if (raw === undefined) return undefined;
  const bar = raw.indexOf('|');
  if (bar < 0) return { value: raw };
  return { system: raw.slice(0, bar), value: raw.slice(bar + 1) };
}

export const DEFAULT_COUNT = 20;
export const MAX_COUNT = 100;
