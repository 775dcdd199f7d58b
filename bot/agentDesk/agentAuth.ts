import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'restify';
import type { ClientAddress } from '../clientAddress.ts';
import type { Logger } from '../logger.ts';
import { RateLimitedError } from '../rateLimit.ts';
import { KeyedLock } from '../storage/keyedLock.ts';
import { createMemoryFailureCounts, type FailureCounts } from './failureCounts.ts';

export type Agent = { name: string };
export type AgentAuth = { authenticate(req: Request): Promise<Agent | undefined> };

/** How long a failed sign-in counts towards an address's back-off. */
export const FAILURE_WINDOW_MS = 10 * 60_000;
const FREE_FAILURES = 3;
const MAX_DELAY_MS = 5_000;
/** Penalised attempts from one address allowed to wait at once; more get 429 with Retry-After. */
const MAX_WAITING = 10;

/** The wait before checking an address's `attempt`-th sign-in in a row without success (0 for the first few). */
export const backoffMs = (attempt: number): number => (attempt > FREE_FAILURES ? Math.min(MAX_DELAY_MS, 250 * 2 ** (attempt - FREE_FAILURES)) : 0);

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Agent credentials from an Authorization header: Basic (any user name, the token as password; what a
 * browser prompts for) or Bearer. Tokens are compared in constant time on their SHA-256 digests, never
 * logged, never taken from URLs; after a few failures from one address each further attempt waits its
 * turn and a growing delay before it is checked (parallel guesses too), and too many waiting get 429.
 * `failures` may be shared by instances (createStoredFailureCounts); the waiting line is this instance's.
 */
export function createAgentAuth(
  agents: ReadonlyArray<{ name: string; token: string }>,
  logger: Logger,
  sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)),
  clientAddress: ClientAddress = (req) => req.socket.remoteAddress ?? 'unknown',
  failures: FailureCounts = createMemoryFailureCounts(FAILURE_WINDOW_MS),
): AgentAuth {
  const known = agents.map((a) => ({ name: a.name, digest: digest(a.token) }));
  const penalties = createPenaltyLine(sleep);
  return {
    async authenticate(req) {
      const ip = clientAddress(req);
      const token = tokenFrom(req.header('authorization') ?? '');
      // Asking without credentials is how a browser gets the login prompt: not an attempt to count.
      if (token === undefined) return undefined;
      const attempt = (await failures.recent(ip)) + 1;
      if (attempt > FREE_FAILURES) await penalties.wait(ip, backoffMs(attempt));
      const match = known.find((a) => timingSafeEqual(a.digest, digest(token)));
      if (match) {
        if (attempt > 1) await failures.clear(ip);
        return { name: match.name };
      }
      const count = await failures.add(ip);
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
