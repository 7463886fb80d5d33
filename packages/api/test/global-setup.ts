import { spawn, type ChildProcess } from 'node:child_process';
import { findOnPath, freePort, startDatabase, type RunningDatabase } from '@mas/db';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
    databaseKind: string;
    redisUrl: string | null;
  }
}

let database: RunningDatabase | undefined;
let redis: ChildProcess | undefined;

/** One database server for the run (FerretDB unless MONGODB_URI names a MongoDB); one database per test file. */
export async function setup(project: TestProject) {
  database = await startDatabase({ log: (line) => console.log(`[test db] ${line}`) });
  project.provide('mongoUri', database.uri);
  project.provide('databaseKind', database.kind);
  project.provide('redisUrl', await startRedis());
}

export async function teardown() {
  redis?.kill('SIGTERM');
  await database?.stop();
}

/** REDIS_URL, or Debian's redis-server on a free port; tests that need it fail loudly without it. */
async function startRedis(): Promise<string | null> {
  if (process.env.REDIS_URL) return process.env.REDIS_URL;
  const binary = findOnPath('redis-server');
  if (!binary) return null;
  const port = await freePort();
  redis = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const { createConnection } = await import('node:net');
  for (let attempt = 0; attempt < 50; attempt++) {
    const up = await new Promise<boolean>((done) => {
      const socket = createConnection(port, '127.0.0.1', () => (socket.end(), done(true)));
      socket.on('error', () => done(false));
    });
    if (up) return `redis://127.0.0.1:${port}`;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('redis-server did not start');
}
