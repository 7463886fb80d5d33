// MONGODB_URI's path names the database, as in every MongoDB tool (`mongodb://host/hospital` →
// `hospital`); MONGODB_DB overrides it; neither → `mas`. Before, the path was silently ignored.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { databaseNameInUri, repoRoot, resolveDatabaseName } from '@mas/db';
import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { loadEnv } from '../src/env.ts';
import { startApiServer, type ApiServer } from '../src/server.ts';
import { testEnv, waitFor } from './helpers.ts';

/** The test server's URI with `name` as its path (query kept). */
const uriWithDatabase = (name: string) =>
  inject('mongoUri').replace(/^(mongodb(?:\+srv)?:\/\/[^/?#]*)(?:\/[^?#]*)?/, `$1/${name}`);

describe('the database name', () => {
  it('is read from the URI path like the MongoDB tools do', () => {
    expect(databaseNameInUri('mongodb://127.0.0.1:27017/hospital')).toBe('hospital');
    expect(databaseNameInUri('mongodb://u:p%2Fw@h1:1,h2:2/hospital?replicaSet=rs0&authSource=admin')).toBe('hospital');
    expect(databaseNameInUri('mongodb+srv://cluster.example.org/ward_7?retryWrites=true')).toBe('ward_7');
    expect(databaseNameInUri('mongodb://127.0.0.1:27017')).toBeUndefined();
    expect(databaseNameInUri('mongodb://127.0.0.1:27017/')).toBeUndefined();
    expect(databaseNameInUri('mongodb://mongo:27017/?replicaSet=rs0')).toBeUndefined();
    expect(databaseNameInUri('mongodb://%2Ftmp%2Fmongodb-27017.sock/hospital')).toBe('hospital');
    expect(() => databaseNameInUri('http://host/hospital')).toThrow(/mongodb:\/\//);
  });

  it('is MONGODB_DB, else the URI path, else mas', () => {
    expect(resolveDatabaseName('mongodb://h/hospital', 'other')).toBe('other');
    expect(resolveDatabaseName('mongodb://h/hospital', undefined)).toBe('hospital');
    expect(resolveDatabaseName('mongodb://h/hospital', '')).toBe('hospital');
    expect(resolveDatabaseName('mongodb://h/?replicaSet=rs0', undefined)).toBe('mas');
    expect(resolveDatabaseName(undefined, undefined)).toBe('mas');
    expect(() => resolveDatabaseName('mongodb://h/bad.name', undefined)).toThrow(/MONGODB_URI's path.*bad\.name/);
    expect(() => resolveDatabaseName(undefined, 'a b')).toThrow(/MONGODB_DB/);
  });

  it('is resolved once, in the settings every process reads', () => {
    expect(loadEnv({ MONGODB_URI: 'mongodb://h:27017/hospital' }).MONGODB_DB).toBe('hospital');
    expect(loadEnv({ MONGODB_URI: 'mongodb://h:27017/hospital', MONGODB_DB: 'mas2' }).MONGODB_DB).toBe('mas2');
    expect(loadEnv({ MONGODB_URI: 'mongodb://h:27017' }).MONGODB_DB).toBe('mas');
    expect(loadEnv({}).MONGODB_DB).toBe('mas');
    expect(() => loadEnv({ MONGODB_URI: 'mongodb://h/has.dot' })).toThrow(/Invalid environment:\n {2}MONGODB_DB: /);
  });
});

describe('a URI with a database path', () => {
  let server: ApiServer | undefined;
  const names: string[] = [];
  afterAll(async () => {
    await server?.close();
    const client = await MongoClient.connect(inject('mongoUri'));
    for (const name of names)
      await client
        .db(name)
        .dropDatabase()
        .catch(() => {});
    await client.close();
  });

  it('puts the API, its first-start data and its job store in that database', async () => {
    const name = `hosp_${randomBytes(4).toString('hex')}`;
    names.push(name);
    // MONGODB_DB unset (empty): the path decides.
    server = await startApiServer(
      testEnv({ MONGODB_URI: uriWithDatabase(name), MONGODB_DB: '', JOBS_ENABLED: 'true' }),
    );
    expect(mongoose.connection.db!.databaseName).toBe(name);

    const client = await MongoClient.connect(inject('mongoUri'));
    try {
      const db = client.db(name);
      expect(await db.collection('roles').countDocuments()).toBeGreaterThanOrEqual(6);
      expect(await db.collection('users').countDocuments({ username: 'admin' })).toBe(1);
      // Agenda's scheduled retention jobs live beside the data.
      await waitFor(async () => (await db.collection('jobs').countDocuments()) > 0, 15_000);
    } finally {
      await client.close();
    }
  });

  it('is where `npm run seed` writes', async () => {
    const name = `seed_${randomBytes(4).toString('hex')}`;
    names.push(name);
    const env: Record<string, string | undefined> = { ...process.env, MONGODB_URI: uriWithDatabase(name) };
    delete env.MONGODB_DB;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'packages/api/scripts/seed.ts'), '--admissions', '4', '--months', '1'],
      { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    expect(code, output).toBe(0);

    const client = await MongoClient.connect(inject('mongoUri'));
    try {
      expect(await client.db(name).collection('admissions').countDocuments()).toBe(4);
    } finally {
      await client.close();
    }
  }, 120_000);
});
