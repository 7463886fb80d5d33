import { ObjectId } from 'mongodb';
import mongoose from 'mongoose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApiServer, type ApiServer } from '../src/server.ts';
import { testEnv, waitFor } from './helpers.ts';

let server: ApiServer;
const runs: Array<{ id: string; data: unknown }> = [];

beforeAll(async () => {
  server = await startApiServer(testEnv({ JOBS_ENABLED: 'true' }), {
    jobs: [
      { name: 'test.echo', run: async (job) => void runs.push({ id: String(job.attrs._id), data: job.attrs.data }) },
    ],
  });
});
afterAll(async () => {
  await mongoose.connection.db?.dropDatabase();
  await server.close();
});

it('schedules, locks, runs and records a job in MongoDB', async () => {
  const job = await server.scheduler!.agenda.schedule(new Date(Date.now() + 300), 'test.echo', { n: 42 });
  const id = String(job.attrs._id);
  const stored = await mongoose.connection.db!.collection('jobs').findOne({ _id: new ObjectId(id) });
  expect(stored).toMatchObject({ name: 'test.echo', data: { n: 42 } });

  await waitFor(() => runs.find((run) => run.id === id), 10_000);
  expect(runs.filter((run) => run.id === id)).toEqual([{ id, data: { n: 42 } }]);

  const finished = await waitFor(async () => {
    const doc = await mongoose.connection.db!.collection('jobs').findOne({ _id: new ObjectId(id) });
    return doc?.lastFinishedAt ? doc : undefined;
  });
  expect(finished.lastRunAt).toBeInstanceOf(Date);
  expect(finished.lockedAt ?? null).toBeNull();
  expect(finished.failCount ?? 0).toBe(0);
});

it('registers the daily retention job with its schedule', async () => {
  const stored = await waitFor(() => mongoose.connection.db!.collection('jobs').findOne({ name: 'retention.purge' }));
  expect(stored).toMatchObject({ repeatInterval: '30 3 * * *', repeatTimezone: 'UTC' });
  expect(stored?.nextRunAt).toBeInstanceOf(Date);
});
