// Starts the API: resolves the database (MONGODB_URI, a mongod on PATH, or the
// embedded FerretDB), then serves until SIGTERM/SIGINT.
import { join } from 'node:path';
import { DatabaseUnavailableError, embeddedServerNotice, repoRoot, startDatabase, type RunningDatabase } from '@mas/db';
import { loadEnv } from './env.ts';
import { createLogger } from './logger.ts';
import { startApiServer } from './server.ts';

const env = loadEnv();
const logger = createLogger(env.LOG_LEVEL);

let database: RunningDatabase;
try {
  database = await startDatabase({
    dataDir: env.MAS_DATA_DIR ?? join(repoRoot, '.data', 'db'),
    log: (line) => logger.info(line),
    ...(env.MONGODB_URI ? { mongodbUri: env.MONGODB_URI } : {}),
  });
} catch (error) {
  if (error instanceof DatabaseUnavailableError) {
    logger.fatal(error.message);
    process.exit(1);
  }
  throw error;
}
if (database.kind !== 'uri') logger.info({ uri: database.uri, kind: database.kind }, 'local database started');
// At warn, so it shows at every log level but silent: what the embedded server is good for and how to leave it.
if (database.kind === 'ferretdb') logger.warn(embeddedServerNotice());

const server = await startApiServer({ ...env, MONGODB_URI: database.uri }, { logger });

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  // Armed before anything that could throw (a log write to a closed pipe), so exit is certain.
  const force = setTimeout(() => process.exit(1), 8000);
  force.unref();
  logger.info({ signal }, 'shutting down');
  await server.close();
  await database.stop();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
