import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@mas/db';
import { expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { waitFor } from './helpers.ts';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
/** Child processes of `pid` running a program whose name starts with `name`. */
const childrenOf = (pid: number, name: string) =>
  execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(pid)], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, comm]) => comm?.startsWith(name))
    .map(([child]) => Number(child));

it('starts on its own database, then on SIGTERM closes WebSockets, stops its database and exits 0 within 10 s', async () => {
  const port = await freePort();
  const embedded = inject('databaseKind') !== 'uri';
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    MAS_ADMIN_PASSWORD: 'shutdown-test-pass',
    MAS_DATA_DIR: mkdtempSync(join(tmpdir(), 'mas-shutdown-')),
    MONGODB_URI: embedded ? undefined : inject('mongoUri'),
    MONGODB_DB: `shutdown_${port}`,
  };
  const api = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '../src/main.ts')], {
    env,
    stdio: 'ignore',
  });
  try {
    await waitFor(
      async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null))?.status === 200,
      60_000,
    );
    const database = embedded ? childrenOf(api.pid!, 'ferretdb') : [];
    if (embedded) expect(database).toHaveLength(1);

    const login = await fetch(`http://127.0.0.1:${port}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ json: { username: 'admin', password: 'shutdown-test-pass', mode: 'token' } }),
    });
    const { token } = ((await login.json()) as { result: { data: { json: { token: string } } } }).result.data.json;
    const socket = new WebSocket(`ws://127.0.0.1:${port}/trpc`, { headers: { cookie: `mas_session=${token}` } });
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));

    const started = Date.now();
    const exited = new Promise<number | null>((resolve) => api.once('exit', (code) => resolve(code)));
    api.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await closed).toBe(1012);
    for (const pid of database) expect(alive(pid), 'database process left behind').toBe(false);
  } finally {
    if (api.exitCode === null) api.kill('SIGKILL');
  }
});
