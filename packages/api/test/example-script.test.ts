import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { ADMIN_PASSWORD, useTestApi } from './helpers.ts';

const api = useTestApi();

it('the example script signs in with a token, lists, creates and receives its own change event', async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, '../scripts/example.ts')],
    {
      env: { ...process.env, MAS_URL: api.server.url, MAS_USERNAME: 'admin', MAS_PASSWORD: ADMIN_PASSWORD },
      timeout: 30_000,
    },
  );
  expect(stdout).toContain('signed in as admin (Superadmin)');
  expect(stdout).toMatch(/\d+ specialties; first page:/);
  expect(stdout).toMatch(/received: created Example .+ \(event [a-f0-9]{24}\)/);
});
