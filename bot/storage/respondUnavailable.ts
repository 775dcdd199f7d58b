import type { Response } from 'restify';

const RETRY_AFTER_SECONDS = 5;

/** Answers an HTTP request whose store call failed: 503 with Retry-After, never internal details. */
export function respondUnavailable(res: Response): void {
  res.header('Retry-After', String(RETRY_AFTER_SECONDS));
  res.send(503, { error: 'storage unavailable, try again in a moment' });
}
