import { op } from '../db/schema.ts';
import { addToTally, recountTallies } from '../db/tallies.ts';
import type { Env } from '../env.ts';
import { AUDIT_TALLY } from '../core/audit.ts';
import { purgeAudit } from '../core/audit-trail.ts';
import { LoginFailure, Session } from '../domains/auth/model.ts';
import { Notification } from '../domains/notifications/model.ts';
import { EventLog } from '../realtime/changes.ts';

const DAY = 86_400_000;

/**
 * Deletes what is past its retention window. Each delete is one filtered
 * statement on a date, so a run killed midway, or run twice, removes nothing
 * inside the window and leaves the rest to the next run.
 */
export async function purgeExpired(env: Env, now = new Date()) {
  const before = (days: number) => new Date(now.getTime() - days * DAY);
  const [events, audit, sessions, loginFailures, notifications] = await Promise.all([
    EventLog.deleteMany({ at: op({ $lt: before(env.EVENT_RETENTION_DAYS) }) }),
    // Oldest numbers first, by `_id` (core/audit-trail.ts): its cost follows what expired, not the trail's size.
    purgeAudit(before(env.AUDIT_RETENTION_DAYS)).then((deletedCount) => ({ deletedCount })),
    Session.deleteMany({ expiresAt: op({ $lt: now }) }),
    LoginFailure.deleteMany({ at: op({ $lt: before(1) }) }),
    Notification.deleteMany({ createdAt: op({ $lt: before(env.NOTIFICATION_RETENTION_DAYS) }) }),
  ]);
  // The purge deleted by date, not per recipient: their counts are taken again.
  if (notifications.deletedCount) await recountTallies('notifications');
  if (audit.deletedCount) await addToTally(AUDIT_TALLY, { n: -audit.deletedCount });
  return {
    events: events.deletedCount,
    audit: audit.deletedCount,
    sessions: sessions.deletedCount,
    loginFailures: loginFailures.deletedCount,
    notifications: notifications.deletedCount,
  };
}
