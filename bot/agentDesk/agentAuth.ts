import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'restify';
import type { ClientAddress } from '../clientAddress.ts';
import type { Logger } from '../logger.ts';
import { RateLimitedError } from '../rateLimit.ts';
import { KeyedLock } from '../storage/keyedLock.ts';

export type Agent = { name: string };
export type AgentAuth = { authenticate(req: Request): Promise<Agent | undefined> };

const FAILURE_WINDOW_MS = 10 * 60_000;
const FREE_FAILURES = 3;
const MAX_DELAY_MS = 5_000;
const TRACKED_IPS = 10_000;
/** Penalised attempts from one address allowed to wait at once; more get 429 with Retry-After. */
const MAX_WAITING = 10;

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Agent credentials from an Authorization header: Basic (any user name, the token as password; what a
 * browser prompts for) or Bearer. Tokens are compared in constant time on their SHA-256 digests, never
 * logged, never taken from URLs; after a few failures from one address each further attempt waits its
 * turn and a growing delay before it is checked (parallel guesses too), and too many waiting get 429.
 */
export function createAgentAuth(
  agents: ReadonlyArray<{ name: string; token: string }>,
  logger: Logger,
  sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)),
  clientAddress: ClientAddress = (req) => req.socket.remoteAddress ?? 'unknown',
): AgentAuth {
  const known = agents.map((a) => ({ name: a.name, digest: digest(a.token) }));
  const failures = new Map<string, { count: number; since: number }>();
  const penalties = createPenaltyLine(sleep);
  const recentFailures = (ip: string, now: number): number => {
    const record = failures.get(ip);
    return record && now - record.since < FAILURE_WINDOW_MS ? record.count : 0;
  };
  return {
    async authenticate(req) {
      const ip = clientAddress(req);
      const token = tokenFrom(req.header('authorization') ?? '');
      // Asking without credentials is how a browser gets the login prompt: not an attempt to count.
      if (token === undefined) return undefined;
      const attempt = recentFailures(ip, Date.now()) + 1;
      if (attempt > FREE_FAILURES) await penalties.wait(ip, Math.min(MAX_DELAY_MS, 250 * 2 ** (attempt - FREE_FAILURES)));
      const match = known.find((a) => timingSafeEqual(a.digest, digest(token)));
      if (match) {
        failures.delete(ip);
        return { name: match.name };
      }
      const now = Date.now();
      const count = recentFailures(ip, now) + 1;
      const since = count > 1 ? (failures.get(ip)?.since ?? now) : now;
      failures.delete(ip);
      failures.set(ip, { count, since });
      if (failures.size > TRACKED_IPS) failures.delete(failures.keys().next().value ?? '');
      logger.warn({ ip, failures: count, path: req.getPath() }, 'agent desk: bad credentials');
      return undefined;
    },
  };
}

/**
 * Penalised attempts from one address wait in single file, each for its delay, so parallel guesses are
 * slowed as much as serial ones; past MAX_WAITING at once, throws RateLimitedError.
 */
function createPenaltyLine(sleep: (ms: number) => Promise<unknown>): { wait(ip: string, ms: number): Promise<void> } {
  const line = new KeyedLock();
  const waiting = new Map<string, number>();
  return {
    async wait(ip, ms) {
      const queued = waiting.get(ip) ?? 0;
      if (queued >= MAX_WAITING) throw new RateLimitedError(Math.ceil((queued * MAX_DELAY_MS) / 1000));
      waiting.set(ip, queued + 1);
      try {
        await line.run(ip, async () => {
          await sleep(ms);
        });
      } finally {
        const left = (waiting.get(ip) ?? 1) - 1;
        if (left > 0) waiting.set(ip, left);
        else waiting.delete(ip);
      }
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
