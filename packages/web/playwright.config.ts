import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 4310);
export const E2E_ADMIN_PASSWORD = 'e2e-admin-password';
/**
 * The specs run on the demo hospital `npm run seed` builds (rooms, staff, patients,
 * history), at a small size: E2E_SEED_ADMISSIONS admissions, 0 for an empty database.
 */
export const E2E_SEED_ADMISSIONS = Number(process.env.E2E_SEED_ADMISSIONS ?? 300);

/**
 * One API process serves the built web app and /trpc on one origin, on a fresh
 * embedded database (or MONGODB_URI) that the seed script fills first (with the
 * e2e admin password, so the seed's bootstrap creates the same admin the specs use).
 * Debian's chromium, never a downloaded browser.
 */
export default defineConfig({
  testDir: './e2e',
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/results.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    locale: 'es-ES',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: [
      ...(E2E_SEED_ADMISSIONS > 0
        ? [`node --import tsx ../api/scripts/seed.ts --admissions ${E2E_SEED_ADMISSIONS}`]
        : []),
      'exec node --import tsx ../api/src/main.ts',
    ].join(' && '),
    url: `http://127.0.0.1:${port}/readyz`,
    reuseExistingServer: false,
    timeout: 240_000,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    env: {
      PORT: String(port),
      WEB_DIST: join(import.meta.dirname, 'dist'),
      MAS_DATA_DIR: mkdtempSync(join(tmpdir(), 'mas-e2e-')),
      MAS_ADMIN_USERNAME: 'admin',
      MAS_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
    },
  },
});
