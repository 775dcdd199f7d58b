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

/**
 * Structured JSON logger; pass a destination stream in tests to capture lines. By default it writes to
 * stdout asynchronously: a line a turn written synchronously cost 6 % of a busy bot's CPU, and lines that
 * pile up during a write go out together. pino flushes what is pending when the process exits.
 */
export function createLogger(level: string, destination: DestinationStream = pino.destination({ dest: 1, sync: false })): Logger {
  return pino(
    {
      level,
      base: { service: 'rdp-assistant' },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Errors keep name, message and stack only: botbuilder's DialogContextError carries the whole dialog
      // state (the person's words included), which must not reach info/error logs.
      // A request is logged as its method and path only: never its headers, query or body (restify logs
      // `req` when a response fails to serialize).
      serializers: { err: serializeError, req: serializeRequest, res: () => undefined },
    },
    destination,
  );
}

/** name, message, stack (and the same for a wrapped `error` or `cause`), nothing else. */
export function serializeError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return { message: String(error) };
  const inner = (error as { error?: unknown; cause?: unknown }).error ?? error.cause;
  return {
    type: error.name,
    message: error.message,
    stack: error.stack,
    ...(inner !== undefined && depth < 3 ? { cause: serializeError(inner, depth + 1) } : {}),
  };
}

/** method and path of an HTTP request, nothing else. */
export function serializeRequest(req: unknown): unknown {
  if (typeof req !== 'object' || req === null) return undefined;
  const { method, url } = req as { method?: unknown; url?: unknown };
  return { method: typeof method === 'string' ? method : undefined, path: typeof url === 'string' ? url.split('?')[0] : undefined };
}
