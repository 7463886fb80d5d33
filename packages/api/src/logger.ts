import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Credentials, cookies and anything that could carry
 * patient data are redacted at the source: logs are not a place for PHI.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.newPassword',
        '*.currentPassword',
        '*.token',
      ],
      censor: '[redacted]',
    },
  });
}
