/** The database MAS uses when neither MONGODB_DB nor the URI's path names one. */
export const DEFAULT_DATABASE_NAME = 'mas';

const VALID_NAME = /^[A-Za-z0-9_-]{1,63}$/;

/**
 * The database named in a `mongodb://` or `mongodb+srv://` URI's path, as every MongoDB tool reads it
 * (`mongodb://user:pw@h1,h2/hospital?replicaSet=rs0` → `hospital`); undefined when the path is empty.
 * The authority never holds an unescaped `/`, `?` or `#` (the driver refuses them), so the first `/`
 * after `//` starts the path.
 */
export function databaseNameInUri(uri: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?#]*(?:\/([^?#]*))?/i.exec(uri.trim());
  if (!match) throw new Error('MONGODB_URI must start with mongodb:// or mongodb+srv://');
  const path = match[1] ? decodeURIComponent(match[1]) : '';
  return path || undefined;
}

/**
 * Which database MAS reads and writes: MONGODB_DB when set, else the database in MONGODB_URI's path,
 * else `mas`. Every connection (API, jobs, seed, bench, backup) takes its name from here, so a URI such
 * as `mongodb://host/hospital` is never silently ignored.
 */
export function resolveDatabaseName(uri: string | undefined, override?: string): string {
  const fromOverride = override?.trim() || undefined;
  const fromUri = uri ? databaseNameInUri(uri) : undefined;
  const name = fromOverride ?? fromUri ?? DEFAULT_DATABASE_NAME;
  if (!VALID_NAME.test(name)) {
    const source = fromOverride ? 'MONGODB_DB' : "MONGODB_URI's path";
    throw new Error(
      `${source} names the database "${name}"; use 1–63 letters, digits, "_" or "-" (e.g. mongodb://host/hospital).`,
    );
  }
  return name;
}
