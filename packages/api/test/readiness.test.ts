import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startDatabase, type RunningDatabase } from '@mas/db';
import mongoose from 'mongoose';
import { afterAll, expect, inject, it } from 'vitest';
import { startApiServer, type ApiServer } from '../src/server.ts';
import { testEnv, waitFor } from './helpers.ts';

let database: RunningDatabase | undefined;
let server: ApiServer | undefined;
afterAll(async () => {
  await server?.close();
  await database?.stop();
});

it.skipIf(inject('databaseKind') === 'uri')(
  'answers /readyz 503 while its database is down, then recovers by itself',
  async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'mas-ready-'));
    database = await startDatabase({ port, dataDir, mongodbUri: '' });
    server = await startApiServer(testEnv({ MONGODB_URI: database.uri }));
    const ready = async () => (await fetch(`${server!.url}/readyz`)).status;
    expect(await ready()).toBe(200);

    await database.stop();
    await waitFor(async () => (await ready()) === 503, 10_000);
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    // A call that needs the database fails cleanly instead of hanging.
    const health = await fetch(`${server.url}/trpc/health.check`);
    expect(
      ((await health.json()) as { result: { data: { json: { database: string } } } }).result.data.json.database,
    ).toBe('down');

    database = await startDatabase({ port, dataDir, mongodbUri: '' });
    await waitFor(async () => (await ready()) === 200, 30_000);
    expect(mongoose.connection.readyState).toBe(1);
  },
);
