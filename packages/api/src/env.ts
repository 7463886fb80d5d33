import { resolveDatabaseName } from '@mas/db';
import { DEFAULT_CANCEL_NOTICE_HOURS, isTimeZone } from '@mas/shared';
import { z } from 'zod';

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value ? value : undefined));

const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  MONGODB_URI: optionalString,
  /** Data folder of the embedded local database (default: .data/db in the repository). */
  MAS_DATA_DIR: optionalString,
  /** Overrides the database named in MONGODB_URI's path; neither → `mas` (see resolveDatabaseName). */
  MONGODB_DB: optionalString,
  REDIS_URL: optionalString,
  MAS_ADMIN_USERNAME: z.string().trim().min(3).max(60).default('admin'),
  MAS_ADMIN_PASSWORD: optionalString,
  /** Comma-separated browser origins allowed to call the API and open WebSockets. */
  WEB_ORIGIN: optionalString,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Proxy hops in front of the API (nginx = 1), so throttling sees the real client address. */
  TRUST_PROXY: z.coerce.number().int().min(0).max(5).default(0),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 7)
    .default(12),
  AUDIT_RETENTION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .default(6 * 365),
  NOTIFICATION_RETENTION_DAYS: z.coerce.number().int().min(1).default(7),
  EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).default(7),
  JOBS_TIMEZONE: z.string().default('UTC'),
  /** Cron expression for the daily retention jobs. */
  PURGE_SCHEDULE: z.string().default('30 3 * * *'),
  /** Set to false to run an API process without a job worker. */
  JOBS_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  /** Folder of the FHIR bulk-export files (NDJSON); default: <tmp>/mas-fhir-exports. */
  FHIR_EXPORT_DIR: optionalString,
  /** Hours a finished bulk export's files are kept before the purge job deletes them. */
  FHIR_EXPORT_RETENTION_HOURS: z.coerce
    .number()
    .min(0.001)
    .max(24 * 30)
    .default(24),
  /** Cron expression of the job that deletes expired bulk exports. */
  FHIR_EXPORT_PURGE_SCHEDULE: z.string().default('*/15 * * * *'),
  /** Zone of a staff member's schedule until they set one (IANA name). */
  APPOINTMENT_TIMEZONE: z
    .string()
    .default('Europe/Madrid')
    .refine((zone) => isTimeZone(zone), 'unknown IANA time zone'),
  /** Hours before an appointment its reminder goes out. */
  APPOINTMENT_REMINDER_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 14)
    .default(24),
  /** Minutes after an appointment's end before a booking nobody checked in is marked a no-show. */
  APPOINTMENT_NO_SHOW_GRACE_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(30),
  /** Until how many hours before its start a patient may cancel their own appointment. */
  APPOINTMENT_CANCEL_NOTICE_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 30)
    .default(DEFAULT_CANCEL_NOTICE_HOURS),
  /** Serve the built web app from this folder (single-process deployments). */
  WEB_DIST: optionalString,
  /** Driver command events, for db/census.ts (scan-budget tests, benchmark): off in normal use. */
  MAS_MONITOR_COMMANDS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
});

/** The settings with MONGODB_DB resolved: MONGODB_DB, else MONGODB_URI's path, else `mas`. */
const ZResolvedEnv = ZEnv.transform((env, ctx) => {
  try {
    return { ...env, MONGODB_DB: resolveDatabaseName(env.MONGODB_URI, env.MONGODB_DB) };
  } catch (error) {
    ctx.issues.push({ code: 'custom', path: ['MONGODB_DB'], message: (error as Error).message, input: env.MONGODB_DB });
    return z.NEVER;
  }
});

export type Env = z.infer<typeof ZResolvedEnv>;

/** The one reader of process.env: fails fast with every problem listed. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = ZResolvedEnv.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`).join('\n');
    throw new Error(`Invalid environment:\n${problems}`);
  }
  return parsed.data;
}

export function allowedOrigins(env: Env): string[] {
  return (env.WEB_ORIGIN ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
}
