// `npm run seed -- --admissions 100000`: fills the local database (or MONGODB_URI)
// with a realistic hospital at that scale. Run it while the app is stopped (the data
// folder is locked while a server runs on it), or point MONGODB_URI at the server
// `npm run db` prints. The default size is one the embedded server serves well; more
// on the embedded server is seeded with a warning.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DatabaseUnavailableError, EMBEDDED_LIMITS, repoRoot, seedSizeWarning, startDatabase } from '@mas/db';
import { connectDatabase, disconnectDatabase } from '../src/db/connection.ts';
import { bootstrap } from '../src/bootstrap.ts';
import { createAppDeps } from '../src/deps.ts';
import { loadEnv } from '../src/env.ts';
import { createLogger } from '../src/logger.ts';
import { createLocalBus } from '../src/realtime/bus.ts';
import '../src/router.ts';
import { DEMO_PASSWORD, seed } from './seed-data.ts';

/** Comfortably inside what the embedded server serves well (EMBEDDED_LIMITS.comfortableAdmissions). */
const DEFAULT_ADMISSIONS = Math.min(2_000, EMBEDDED_LIMITS.comfortableAdmissions);

const { values } = parseArgs({
  options: {
    admissions: { type: 'string', default: String(DEFAULT_ADMISSIONS) },
    months: { type: 'string', default: '6' },
  },
});
const admissions = Number(values.admissions);
if (!Number.isInteger(admissions) || admissions < 1) throw new Error('--admissions must be a positive whole number');

const env = loadEnv();
const database = await startDatabase({
  dataDir: env.MAS_DATA_DIR ?? join(repoRoot, '.data', 'db'),
  ...(env.MONGODB_URI ? { mongodbUri: env.MONGODB_URI } : {}),
}).catch((error: unknown) => {
  // No database, or the data folder is served by a running `npm start` / `npm run db`: say so, no stack.
  if (!(error instanceof DatabaseUnavailableError)) throw error;
  console.error(error.message);
  process.exit(1);
});
const warning = seedSizeWarning(database.kind, admissions);
if (warning) console.warn(warning);
await connectDatabase(database.uri, env.MONGODB_DB);
await bootstrap(createAppDeps(env, createLogger('warn'), createLocalBus()));

const started = Date.now();
const bar = (label: string, done: number, total: number) => {
  const width = 30;
  const filled = Math.round((done / Math.max(total, 1)) * width);
  process.stderr.write(
    `\r${label.padEnd(11)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done.toLocaleString('en')}/${total.toLocaleString('en')}`,
  );
  if (done >= total) process.stderr.write('\n');
};
const result = await seed({
  admissions,
  months: Number(values.months),
  log: (line) => console.log(line),
  progress: bar,
});
console.log(
  `done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.admissions.toLocaleString('en')} admissions (${result.active} active).`,
);
console.log(
  `appointments: ${result.appointments.past.toLocaleString('en')} past, ${result.appointments.future.toLocaleString('en')} booked ahead.`,
);
console.log(`demo accounts: doctor.0 … doctor.79, chief.0, tech.0, patient.N — password "${DEMO_PASSWORD}"`);
await disconnectDatabase();
await database.stop();
