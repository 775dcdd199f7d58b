import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'restify';
import type { ClientAddress } from '../clientAddress.ts';
import type { Logger } from '../logger.ts';

export type Agent = { name: string };
export type AgentAuth = { authenticate(req: Request): Promise<Agent | undefined> };

const FAILURE_WINDOW_MS = 10 * 60_000;
const FREE_FAILURES = 3;
const MAX_DELAY_MS = 5_000;
const TRACKED_IPS = 10_000;

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Agent credentials from an Authorization header: Basic (any user name, the token as password; what a
 * browser prompts for) or Bearer. Tokens are compared in constant time on their SHA-256 digests, never
 * logged, never taken from URLs; after a few failures from one address each further attempt is delayed.
 */
export function createAgentAuth(
  agents: ReadonlyArray<{ name: string; token: string }>,
  logger: Logger,
  sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)),
  clientAddress: ClientAddress = (req) => req.socket.remoteAddress ?? 'unknown',
): AgentAuth {
  const known = agents.map((a) => ({ name: a.name, digest: digest(a.token) }));
  const failures = new Map<string, { count: number; since: number }>();
  return {
    async authenticate(req) {
      const ip = clientAddress(req);
      const token = tokenFrom(req.header('authorization') ?? '');
      const match = token === undefined ? undefined : known.find((a) => timingSafeEqual(a.digest, digest(token)));
      if (match) {
        failures.delete(ip);
        return { name: match.name };
      }
      // Asking without credentials is how a browser gets the login prompt: not an attempt to count.
      if (token === undefined) return undefined;
      const now = Date.now();
      const record = failures.get(ip);
      const count = record && now - record.since < FAILURE_WINDOW_MS ? record.count + 1 : 1;
      failures.delete(ip);
      failures.set(ip, { count, since: record && count > 1 ? record.since : now });
      if (failures.size > TRACKED_IPS) failures.delete(failures.keys().next().value ?? '');
      logger.warn({ ip, failures: count, path: req.getPath() }, 'agent desk: bad credentials');
      if (count > FREE_FAILURES) await sleep(Math.min(MAX_DELAY_MS, 250 * 2 ** (count - FREE_FAILURES)));
      return undefined;
    },
  };
}

function tokenFrom(header: string): string | undefined {
  const [scheme = '', value = ''] = header.split(' ', 2);
  if (/^bearer$/i.test(scheme) && value) return value;
  if (/^basic$/i.test(scheme) && value) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : undefined;
  }
  return undefined;
}

/** Answers 401 with a Basic challenge (so a browser prompts) and no detail about why. */
export function refuse(res: Response): void {
  res.header('WWW-Authenticate', 'Basic realm="RDP assistant agent desk", charset="UTF-8"');
  res.send(401, { error: 'agent credentials required' });
}
