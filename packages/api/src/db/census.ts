import mongoose from 'mongoose';

/**
 * Counts the commands the app sends to the database and classifies each one: a point lookup
 * (`_id` equality, the only filter FerretDB 1.24 on SQLite pushes down; indexed on MongoDB), a
 * scan of a collection (any other filter, sort, count or `$in`: FerretDB decodes the whole
 * collection), a write (insert), or other (cursor continuation, admin). Used by the scan-budget
 * tests and the benchmark; needs the driver's command monitoring (MAS_MONITOR_COMMANDS=true when
 * connecting, see db/connection.ts).
 */
export type CommandKind = 'point' | 'scan' | 'write' | 'other';

export interface CountedCommand {
  name: string;
  collection: string;
  kind: CommandKind;
}

type Doc = Record<string, unknown>;

const isOperatorObject = (value: unknown) =>
  typeof value === 'object' &&
  value !== null &&
  !('_bsontype' in value) &&
  !(value instanceof Date) &&
  Object.keys(value).some((key) => key.startsWith('$'));

/** Whether a filter selects by `_id` equality (a single document, found without a scan). */
export function isPointFilter(filter: unknown): boolean {
  if (!filter || typeof filter !== 'object') return false;
  const id = (filter as Doc)._id;
  return id !== undefined && !isOperatorObject(id);
}

const READS: Record<string, (command: Doc) => unknown[]> = {
  find: (c) => [c.filter ?? {}],
  count: (c) => [c.query ?? {}],
  distinct: (c) => [c.query ?? {}],
  findAndModify: (c) => [c.query ?? {}],
  update: (c) => ((c.updates as Doc[] | undefined) ?? []).map((u) => u.q),
  delete: (c) => ((c.deletes as Doc[] | undefined) ?? []).map((d) => d.q),
  aggregate: (c) => {
    const first = (c.pipeline as Doc[] | undefined)?.[0];
    return [first && '$match' in first ? first.$match : {}];
  },
};

/** Classifies one command as sent to the server. */
export function classify(name: string, command: Doc): CountedCommand {
  const collection = typeof command[name] === 'string' ? (command[name] as string) : '';
  if (name === 'insert') return { name, collection, kind: 'write' };
  const filters = READS[name];
  if (!filters) return { name, collection, kind: 'other' };
  return { name, collection, kind: filters(command).every(isPointFilter) ? 'point' : 'scan' };
}

export interface Census {
  commands: CountedCommand[];
  /** Scans per collection. */
  scans: Record<string, number>;
  points: number;
}

export function summarize(commands: CountedCommand[]): Census {
  const scans: Record<string, number> = {};
  for (const command of commands) {
    if (command.kind === 'scan') scans[command.collection] = (scans[command.collection] ?? 0) + 1;
  }
  return { commands, scans, points: commands.filter((c) => c.kind === 'point').length };
}

/**
 * Runs `work` and returns the commands started while it ran. Meant for one request at a time
 * (tests, the single-client benchmark): commands of anything else running meanwhile count too.
 */
export async function censusOf<T>(work: () => Promise<T>): Promise<{ result: T; census: Census }> {
  const client = mongoose.connection.getClient();
  const seen: CountedCommand[] = [];
  const listener = (event: { commandName: string; command: Doc }) =>
    seen.push(classify(event.commandName, event.command));
  client.on('commandStarted', listener);
  try {
    const result = await work();
    return { result, census: summarize(seen) };
  } finally {
    client.off('commandStarted', listener);
  }
}
