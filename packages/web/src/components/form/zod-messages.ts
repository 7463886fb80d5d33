import { z } from 'zod';
import { i18n } from '../../i18n/index.ts';

/**
 * Zod's default messages, in the current language and in the words of a form, not a parser.
 * Messages the shared schemas spell out themselves win over these (zod's precedence);
 * `translateMessage` maps those when shown.
 */
z.config({
  customError(issue) {
    const t = i18n.t.bind(i18n);
    switch (issue.code) {
      case 'invalid_type': {
        const input = issue.input as unknown;
        if (input === undefined || input === null || input === '') return t('errors:validation.required');
        if (issue.expected === 'int') return t('errors:validation.integer');
        if (issue.expected === 'number') return t('errors:validation.number');
        return t('errors:validation.invalid');
      }
      case 'too_small': {
        const count = Number(issue.minimum);
        if (issue.origin === 'string')
          return count <= 1 ? t('errors:validation.required') : t('errors:validation.minChars', { count });
        if (issue.origin === 'array' || issue.origin === 'set') return t('errors:validation.minItems', { count });
        return t('errors:validation.min', { count });
      }
      case 'too_big': {
        const count = Number(issue.maximum);
        if (issue.origin === 'string') return t('errors:validation.maxChars', { count });
        return t('errors:validation.max', { count });
      }
      case 'invalid_format':
        return issue.format === 'email' ? t('errors:validation.email') : t('errors:validation.invalid');
      case 'invalid_value':
        return t('errors:validation.selectOption');
      default:
        return undefined;
    }
  },
});
