import { op } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { LoginFailure } from './model.ts';

/** Free failures before back-off starts (per account and per address). */
const FREE_FAILURES = 5;
/** NIST 800-63B §5.2.2 / ASVS 2.2.1: never more than 100 failures per account per hour. */
const MAX_ACCOUNT_FAILURES_PER_HOUR = 100;
const MAX_ADDRESS_FAILURES_PER_HOUR = 300;
const HOUR = 3600_000;
const BASE_DELAY_MS = 5_000;
const MAX_DELAY_MS = 15 * 60_000;

const accountKey = (usernameKey: string) => `account:${usernameKey}`;
const addressKey = (ip: string) => `ip:${ip}`;

/**
 * Exponential back-off after 5 failures in the last hour (5 s, 10 s, 20 s … 15 min),
 * and a hard stop at the hourly cap. A correct password inside the wait is refused
 * too, or the wait would be pointless.
 */
export async function assertLoginAllowed(usernameKey: string, ip: string, now = Date.now()): Promise<void> {
  const since = new Date(now - HOUR);
  for (const [key, cap] of [
    [accountKey(usernameKey), MAX_ACCOUNT_FAILURES_PER_HOUR],
    [addressKey(ip), MAX_ADDRESS_FAILURES_PER_HOUR],
  ] as const) {
    const failures = await LoginFailure.countDocuments({ key, at: op({ $gt: since }) });
    if (failures < FREE_FAILURES) continue;
    const latest = await LoginFailure.findOne({ key }).sort({ at: -1 }).lean();
    const wait =
      failures >= cap
        ? (latest?.at.getTime() ?? now) + HOUR - now
        : Math.min(BASE_DELAY_MS * 2 ** (failures - FREE_FAILURES), MAX_DELAY_MS) - (now - (latest?.at.getTime() ?? 0));
    if (wait > 0) {
      throw new AppError('TOO_MANY_REQUESTS', `Too many failed sign-ins. Try again in ${Math.ceil(wait / 1000)} s.`);
    }
  }
}

export async function recordLoginFailure(usernameKey: string, ip: string): Promise<void> {
  const at = new Date();
  await LoginFailure.insertMany([
    { key: accountKey(usernameKey), at },
    { key: addressKey(ip), at },
  ]);
}

export async function clearAccountFailures(usernameKey: string): Promise<void> {
  await LoginFailure.deleteMany({ key: accountKey(usernameKey) });
}
