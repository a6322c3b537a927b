import pino from 'pino';

/** Secrets never reach the logs: passwords, tokens, cookies and the claims header are redacted. */
export const REDACTED_PATHS = [
  'password', '*.password', '*.*.password', 'newPassword', '*.newPassword',
  'token', '*.token', '*.*.token', 'sessionToken', '*.sessionToken',
  'authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization',
  'cookie', '*.cookie', 'headers.cookie', 'req.headers.cookie',
  '["x-esms-claims"]', 'headers["x-esms-claims"]', 'req.headers["x-esms-claims"]',
  'variables.password', 'variables.token', 'variables.input.password',
];

export function createLogger(name: string) {
  return pino({
    name,
    level: process.env['LOG_LEVEL'] ?? (process.env['NODE_ENV'] === 'test' ? 'silent' : 'info'),
    redact: { paths: REDACTED_PATHS, censor: '[masqué]' },
  });
}
export type Logger = ReturnType<typeof createLogger>;
