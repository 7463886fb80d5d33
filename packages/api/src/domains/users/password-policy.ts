import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../../errors.ts';

/**
 * ASVS 6.2.4 / NIST 800-63B: refuse passwords that attackers try first. The list is zxcvbn-ts's
 * ranked dictionary of leaked passwords (a kept package, updated with it), used whole: only
 * entries of 8 or more characters can ever match, since shorter ones fail the length rule.
 * It lives on the server only, so the web bundle stays small.
 */
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].filter((password) => password.length >= 8));
  return common;
}

/** One character or a short run repeated ("aaaaaaaa", "abababab", "123123123"). */
const REPEATED = /^(.{1,3})\1+$/su;

/** Whether a password is among the most common ones (case-insensitive) or a repeated pattern. */
export function isCommonPassword(password: string): boolean {
  const lowered = password.toLowerCase();
  return REPEATED.test(lowered) || commonPasswords().has(lowered);
}

/** Refuses a common password with an error beside the form field that holds it. */
export function assertNotCommon(password: string, field: 'password' | 'newPassword') {
  if (isCommonPassword(password)) {
    throw new AppError('password.common', {}, { [field]: 'password.common' });
  }
}

/** ASVS 6.2.11: refuse passwords built from the account's own words. */
export function assertNotContextual(
  password: string,
  user: { username: string; firstName?: string; lastName?: string },
  field: 'password' | 'newPassword',
) {
  const lowered = password.toLowerCase();
  const words = [user.username, user.firstName, user.lastName, 'mas', 'hospital'].filter((word): word is string =>
    Boolean(word && word.length >= 3),
  );
  if (words.some((word) => lowered === word.toLowerCase() || lowered === `${word.toLowerCase()}123`)) {
    throw new AppError('password.contextual', {}, { [field]: 'password.contextual' });
  }
}
