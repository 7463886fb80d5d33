import { op } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { LoginFailure } from './model.ts';

const HOUR = 3600_000;
const BASE_DELAY_MS = 5_000;
const MAX_DELAY_MS = 15 * 60_000;

/** A counter: `free` attempts an hour before back-off (5 s, 10 s, 20 s … 15 min), none past `cap`. */
interface Rule {
  key: string;
  free: number;
  cap: number;
}

/**
 * Sign-in limits. The tight one is per account *and* address, so whoever guesses from
 * one place cannot lock the owner out from another; the per-address one is loose
 * enough that a ward behind one NAT is not stopped by a few typos, yet stops one
 * address spraying many accounts; the per-account cap holds across all addresses
 * (NIST 800-63B §5.2.2, ASVS 2.2.1: never more than 100 failures per account per hour).
 */
export function loginRules(usernameKey: string, ip: string): Rule[] {
  return [
    { key: `pair:${usernameKey}|${ip}`, free: 5, cap: 100 },
    { key: `account:${usernameKey}`, free: 100, cap: 100 },
    { key: `ip:${ip}`, free: 50, cap: 500 },
  ];
}

/** Checks of one's own current password (changing it): the same back-off, per account. */
export function passwordCheckRules(userId: string): Rule[] {
  return [{ key: `password:${userId}`, free: 5, cap: 100 }];
}

export interface Attempt {
  /** The password was right: this attempt and the consecutive failures it ends are forgotten. */
  succeeded(): Promise<void>;
  /** The password was wrong: the attempt stays counted as a failure. */
  failed(): Promise<void>;
}

/**
 * Counts an attempt *before* its password is checked: the attempt's records are
 * inserted first (inserts are atomic on every server), then every record in the
 * window is counted, the attempt's own and those of attempts still in flight. The
 * k-th of many parallel attempts sees at least k, so a batch or a burst gets no more
 * checks than one caller waiting its turn. A refused attempt removes its records.
 */
export async function beginAttempt(rules: Rule[], now = Date.now()): Promise<Attempt> {
  const at = new Date(now);
  const own = await LoginFailure.insertMany(rules.map(({ key }) => ({ key, at })));
  const ownIds = new Set(own.map((doc) => String(doc._id)));
  const forget = () => LoginFailure.deleteMany({ _id: op({ $in: [...ownIds] }) }).then(() => undefined);
  const keys = rules.map((rule) => rule.key);
  const recent = await LoginFailure.find(
    { key: op({ $in: keys }), at: op({ $gt: new Date(now - HOUR) }) },
    { key: 1, at: 1 },
  ).lean();

  let wait = 0;
  for (const rule of rules) {
    const ofRule = recent.filter((doc) => doc.key === rule.key);
    const count = ofRule.length; // this attempt included
    if (count <= rule.free) continue;
    const others = ofRule.filter((doc) => !ownIds.has(String(doc._id))).map((doc) => doc.at.getTime());
    if (count > rule.cap) {
      // Past the cap: wait until the oldest counted failure leaves the hour.
      wait = Math.max(wait, Math.min(...others) + HOUR - now);
    } else {
      const delay = Math.min(BASE_DELAY_MS * 2 ** (count - 1 - rule.free), MAX_DELAY_MS);
      wait = Math.max(wait, Math.max(...others) + delay - now);
    }
  }
  if (wait > 0) {
    await forget();
    throw new AppError('auth.throttled', { seconds: Math.ceil(wait / 1000) });
  }
  return {
    async succeeded() {
      await forget();
      // Failures before a success are no longer consecutive; the address's count stays.
      const ended = rules.filter((rule) => !rule.key.startsWith('ip:')).map((rule) => rule.key);
      await LoginFailure.deleteMany({ key: op({ $in: ended }) });
    },
    async failed() {},
  };
}
