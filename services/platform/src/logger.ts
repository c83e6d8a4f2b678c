import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * JSON logs. Fields that could carry personal data are redacted wherever they appear, as a net
 * under the rule that code logs ids, not people.
 */
export function createLogger(options: { service: string; level?: string }): Logger {
  return pino({
    name: options.service,
    level: options.level ?? 'info',
    base: { service: options.service },
    redact: {
      paths: ['*.firstName', '*.lastName', '*.email', '*.authorization', '*.password', '*.token', 'req.headers.authorization'],
      censor: '[redacted]',
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
