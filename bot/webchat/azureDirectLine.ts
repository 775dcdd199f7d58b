import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.ts';

const TIMEOUT_MS = 10_000;

export type ChatToken = { token: string; conversationId?: string; expires_in: number };

/** Refused by Direct Line (bad or expired token, 4xx): the page should start a new conversation. */
export class TokenRefused extends Error {}

/**
 * Trades the Direct Line secret for a conversation token; the secret never leaves the server. When the
 * page comes from another origin, the token names it in `trustedOrigins` (Direct Line's enhanced
 * authentication then refuses the token anywhere else).
 */
export async function generateToken(endpoint: string, secret: string, origin: string | undefined, logger: Logger): Promise<ChatToken> {
  const body = { user: { id: `dl_${randomUUID()}` }, ...(origin ? { trustedOrigins: [origin] } : {}) };
  return call(`${endpoint}/tokens/generate`, secret, body, logger, false);
}

/** A fresh token for the conversation `token` belongs to (Direct Line `POST /tokens/refresh`). */
export async function refreshToken(endpoint: string, token: string, logger: Logger): Promise<ChatToken> {
  return call(`${endpoint}/tokens/refresh`, token, undefined, logger, true);
}

// A refused refresh means the page's token is bad or expired; a refused generate means our secret is.
async function call(url: string, bearer: string, body: unknown, logger: Logger, refusalMeansBadToken: boolean): Promise<ChatToken> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  if (!response.ok) {
    logger.warn({ status: response.status, url: new URL(url).pathname }, 'Direct Line refused a token request');
    if (refusalMeansBadToken && response.status >= 400 && response.status < 500) throw new TokenRefused(`Direct Line answered ${response.status}`);
    throw new Error(`Direct Line answered ${response.status}`);
  }
  const answer = (await response.json()) as { token?: unknown; expires_in?: unknown; conversationId?: unknown };
  if (typeof answer.token !== 'string') throw new Error('Direct Line answered without a token');
  return {
    token: answer.token,
    expires_in: typeof answer.expires_in === 'number' ? answer.expires_in : 1800,
    ...(typeof answer.conversationId === 'string' ? { conversationId: answer.conversationId } : {}),
  };
}
