import { describe, expect, it } from 'vitest';
import { createAgentAuth } from '../../bot/agentDesk/agentAuth.ts';
import { createLogger } from '../../bot/logger.ts';
import { RateLimitedError } from '../../bot/rateLimit.ts';

const TOKEN = 'agent-token-0123456789';
const request = (authorization: string, ip = '10.0.0.7') => ({ socket: { remoteAddress: ip }, header: () => authorization, getPath: () => '/agent' }) as never;

describe('agentAuth', () => {
  it('slows parallel wrong guesses from one address as much as serial ones, and refuses a crowd with Retry-After', async () => {
    let active = 0;
    let mostAtOnce = 0;
    const delays: number[] = [];
    const auth = createAgentAuth([{ name: 'ada', token: TOKEN }], createLogger('silent'), async (ms) => {
      delays.push(ms);
      active += 1;
      mostAtOnce = Math.max(mostAtOnce, active);
      await new Promise((resolve) => setImmediate(resolve));
      active -= 1;
    });
    for (let i = 0; i < 3; i += 1) expect(await auth.authenticate(request('Bearer wrong-guess-000000'))).toBeUndefined();
    expect(delays).toEqual([]);
    const guesses = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => auth.authenticate(request(`Bearer wrong-guess-${i}`))));
    expect(mostAtOnce).toBe(1);
    const refused = guesses.filter((g) => g.status === 'rejected').map((g) => (g).reason as unknown);
    expect(refused.length).toBeGreaterThan(0);
    for (const reason of refused) expect(reason).toBeInstanceOf(RateLimitedError);
    expect((refused[0] as RateLimitedError).retryAfterSeconds).toBeGreaterThan(0);
    expect(delays.length).toBe(guesses.length - refused.length);
    // Another address is not held up.
    expect(await auth.authenticate(request(`Bearer ${TOKEN}`, '10.0.0.8'))).toEqual({ name: 'ada' });
  });
});
