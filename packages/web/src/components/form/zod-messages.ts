import { defaultParams, issueError } from '@mas/shared';
import { z } from 'zod';
import { isKnownCode, translateCode } from '../../lib/errors.ts';

/**
 * Zod's own messages in the current language and in the words of a form, not a parser: the
 * same codes the API sends for a server-side zod failure (`issueError` in @mas/shared).
 * Messages the shared schemas spell out themselves win over these (zod's precedence); they
 * are codes too (e.g. 'validation.username'), which `localizeMessage` translates when shown.
 */
z.config({
  customError(issue) {
    const { code, params } = issueError(issue as z.core.$ZodIssue);
    return translateCode(code, params);
  },
});

/**
 * A form field's message in the reader's language: a shared schema's code with the params it
 * stands for; text already translated (zod's own, the server's field errors) stays as it is.
 */
export function localizeMessage(message: string): string {
  return isKnownCode(message) ? translateCode(message, defaultParams(message)) : message;
}
