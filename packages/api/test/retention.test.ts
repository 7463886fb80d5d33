import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Types } from 'mongoose';
import { describe, expect, it, vi } from 'vitest';
import { Notification } from '../src/domains/notifications/model.ts';
import { jobDefinitions } from '../src/jobs/definitions.ts';
import { purgeExpired } from '../src/jobs/retention.ts';
import { EventLog } from '../src/realtime/changes.ts';
import { useTestApi } from './helpers.ts';

const api = useTestApi();
const DAY = 86_400_000;

/** Expired rows (older than the 7-day window) and rows inside it, for several recipients. */
async function seed(expired: number, fresh: number) {
  const now = Date.now();
  const row = (createdAt: Date) => ({
    recipientId: new Types.ObjectId(),
    type: 'created',
    entity: 'room',
    entityId: null,
    params: { label: 'Room 1' },
    actorUsername: 'someone',
    read: false,
    createdAt,
  });
  await Notification.insertMany([
    ...Array.from({ length: expired }, (_, n) => row(new Date(now - 7 * DAY - 60_000 - n * 60_000))),
    // The newest of these is a minute inside the window.
    ...Array.from({ length: fresh }, (_, n) => row(new Date(now - 7 * DAY + 60_000 + n * 60_000))),
  ]);
  await EventLog.insertMany([
    ...Array.from({ length: 20 }, () => ({
      entity: 'room',
      type: 'created',
      entityId: 'x',
      at: new Date(now - 8 * DAY),
    })),
    ...Array.from({ length: 20 }, () => ({
      entity: 'room',
      type: 'created',
      entityId: 'x',
      at: new Date(now - 6 * DAY),
    })),
  ]);
}

const windowStart = () => new Date(Date.now() - 7 * DAY);
/** Runs one purge in its own process and SIGKILLs it `afterMs` after it connected. */
async function interruptedPurge(afterMs: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'fixtures/purge-once.ts')], {
    env: {
      ...process.env,
      MONGODB_URI: api.env.MONGODB_URI,
      MONGODB_DB: api.env.MONGODB_DB,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  setTimeout(() => child.kill('SIGKILL'), afterMs);
  await exited;
}

describe('retention purge', () => {
  it('deletes nothing inside the window when interrupted and re-run, and nothing expired survives the next run', async () => {
    // (sanitizeFilter turns a plain { $lt } into a literal, so the test counts by hand.)
    const inWindow = async () =>
      (await Notification.find({}, { createdAt: 1 }).lean()).filter((n) => n.createdAt >= windowStart()).length;
    const expired = async () =>
      (await Notification.find({}, { createdAt: 1 }).lean()).filter((n) => n.createdAt < windowStart()).length;
    await seed(3000, 300);
    expect(await inWindow()).toBe(300);

    // Killed at different moments of a run (before, during, after the deletes).
    for (const afterMs of [0, 5, 20, 60]) {
      await interruptedPurge(afterMs);
      expect(await inWindow(), `killed after ${afterMs} ms`).toBe(300);
    }
    // Interrupted in process: one delete fails while the others run.
    const spy = vi.spyOn(Notification, 'deleteMany').mockRejectedValueOnce(new Error('killed'));
    await expect(purgeExpired(api.env)).rejects.toThrow('killed');
    spy.mockRestore();
    expect(await inWindow()).toBe(300);

    const removed = await purgeExpired(api.env);
    expect(await expired()).toBe(0);
    expect(await inWindow()).toBe(300);
    expect(removed.notifications).toBeGreaterThanOrEqual(0);
    expect(await EventLog.countDocuments({ entityId: 'x' })).toBe(20);
    // Running again finds nothing more to do.
    expect((await purgeExpired(api.env)).notifications).toBe(0);
  }, 120_000);

  it('runs the bed-claim repair every 10 minutes and the appointment jobs every 5 beside the daily purge', () => {
    const jobs = jobDefinitions(api.server.deps);
    expect(jobs.map((job) => [job.name, job.schedule])).toEqual([
      ['retention.purge', api.env.PURGE_SCHEDULE],
      ['tallies.repair', '17 3 * * *'],
      ['beds.repair', '*/10 * * * *'],
      ['appointments.reminders', '*/5 * * * *'],
      ['appointments.noShow', '*/5 * * * *'],
      ['appointments.repair', '*/5 * * * *'],
    ]);
  });
});
