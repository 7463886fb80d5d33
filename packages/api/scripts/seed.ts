// `npm run seed -- --admissions 100000`: fills the local database (or MONGODB_URI)
// with a realistic hospital at that scale. Run it while the app is stopped, or
// point MONGODB_URI at the server `npm run db` prints.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot, startDatabase } from '@mas/db';
import { connectDatabase, disconnectDatabase } from '../src/db/connection.ts';
import { bootstrap } from '../src/db/bootstrap.ts';
import { loadEnv } from '../src/env.ts';
import { createLogger } from '../src/logger.ts';
import { createLocalBus } from '../src/realtime/bus.ts';
import '../src/router.ts';
import { DEMO_PASSWORD, seed } from './seed-data.ts';

const { values } = parseArgs({
  options: { admissions: { type: 'string', default: '2000' }, months: { type: 'string', default: '6' } },
});
const admissions = Number(values.admissions);
if (!Number.isInteger(admissions) || admissions < 1) throw new Error('--admissions must be a positive whole number');

const env = loadEnv();
const database = await startDatabase({
  dataDir: env.MAS_DATA_DIR ?? join(repoRoot, '.data', 'db'),
  ...(env.MONGODB_URI ? { mongodbUri: env.MONGODB_URI } : {}),
});
await connectDatabase(database.uri, env.MONGODB_DB);
await bootstrap({ env, logger: createLogger('warn'), bus: createLocalBus() });

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
