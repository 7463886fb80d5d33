// `npm run db`: runs the local database server in the foreground and prints its URI.
import { join } from 'node:path';
import { DatabaseUnavailableError, embeddedServerNotice, ensureFerretDB, repoRoot, startDatabase } from './index.ts';

const log = (line: string) => console.error(`[db] ${line}`);

try {
  if (process.argv.includes('--build-only')) {
    if (!process.env.MONGODB_URI) console.log(ensureFerretDB(log));
  } else {
    const port = Number(process.env.MAS_DB_PORT ?? 27018);
    const dataDir = process.env.MAS_DATA_DIR || join(repoRoot, '.data', 'db');
    const db = await startDatabase({ port, dataDir, log });
    console.log(db.uri);
    if (db.kind === 'ferretdb') log(embeddedServerNotice());
    if (db.kind !== 'uri') {
      log('running; Ctrl+C stops it');
      const shutdown = () => void db.stop().then(() => process.exit(0));
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    }
  }
} catch (error) {
  if (error instanceof DatabaseUnavailableError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
