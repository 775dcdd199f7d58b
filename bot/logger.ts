import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/** Header and config paths that may hold secrets; pino replaces them before anything is written. */
const REDACT = [
  'req.headers.authorization',
  'headers.authorization',
  'authorization',
  'auth.appPassword',
  'config.auth.appPassword',
  'MicrosoftAppPassword',
  'webChat.directLineSecret',
  'handoff.agents',
  'config.handoff.agents',
  'config.webChat.directLineSecret',
  'password',
  'secret',
  'token',
];

/** Structured JSON logger; pass a destination stream in tests to capture lines. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'rdp-assistant' },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
