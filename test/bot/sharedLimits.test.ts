import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backoffMs } from '../../bot/agentDesk/agentAuth.ts';
import { MESSAGE_BURST, TOKEN_BURST } from '../../bot/app.ts';
import { startAzurite, type Azurite } from '../helpers/azurite.ts';
import { makeActivity, startTestBot, type TestBot } from '../helpers/botServer.ts';

const AGENT_TOKEN = 'ada-token-0123456789abcdef';

// Two app instances, each with its own Blob client, on one Azurite: what two App Service instances behind
// a load balancer are. Requests alternate between them, so each instance alone sees about half of them.
describe('rate limits and the agent login back-off shared by two instances (STORAGE=blob)', () => {
  let azurite: Azurite;
  const bots: TestBot[] = [];
  const bot = (i: number): TestBot => bots[i % bots.length] as TestBot;

  beforeAll(async () => {
    azurite = await startAzurite();
    // One token a minute after the burst: no refill worth counting while a test runs.
    const env = {
      STORAGE: 'blob',
      BLOB_CONNECTION_STRING: azurite.connectionString,
      TYPING_DELAY_MS: '60000',
      MESSAGE_RATE_PER_MINUTE: '1',
      TOKEN_RATE_PER_MINUTE: '1',
      TRUSTED_PROXIES: 'loopback',
      AGENT_TOKENS: `ada:${AGENT_TOKEN}`,
    };
    for (let i = 0; i < 2; i += 1) bots.push(await startTestBot(env));
  }, 60_000);
  afterAll(async () => {
    for (const b of bots) await b.close();
    await azurite.stop();
  });

  it('counts one conversation over both instances: the one that goes past the burst answers 429 with Retry-After', async () => {
    const post = (i: number, conversation: string): Promise<Response> =>
      fetch(bot(i).messagesUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(makeActivity({ conversation: { id: conversation }, deliveryMode: 'expectReplies', text: 'hi' })),
      });
    const statuses: number[] = [];
    for (let i = 0; i < MESSAGE_BURST; i += 1) statuses.push((await post(i, 'shared-budget')).status);
    expect(statuses.every((s) => s === 200)).toBe(true);
    // Each instance has seen only half the burst, yet the next request is refused, whichever gets it.
    for (const i of [MESSAGE_BURST, MESSAGE_BURST + 1]) {
      const refused = await post(i, 'shared-budget');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect((await post(0, 'another-conversation')).status).toBe(200);
  }, 60_000);

  it('counts Direct Line tokens per client address over both instances', async () => {
    const token = (i: number, client: string): Promise<Response> => fetch(`${bot(i).url}/api/directline/token`, { method: 'POST', headers: { 'x-forwarded-for': client } });
    for (let i = 0; i < TOKEN_BURST; i += 1) expect((await token(i, '203.0.113.40')).status).toBe(200);
    const refused = await token(TOKEN_BURST, '203.0.113.40');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await token(TOKEN_BURST + 1, '203.0.113.40')).status).toBe(429);
    expect((await token(0, '203.0.113.41')).status).toBe(200);
  });

  it('slows wrong agent tokens tried alternately on both instances by their shared count, and a success clears it', async () => {
    const client = '198.51.100.9';
    const login = async (i: number, token: string): Promise<{ status: number; ms: number }> => {
      const started = performance.now();
      const response = await fetch(`${bot(i).url}/api/agent/conversations`, { headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': client } });
      await response.arrayBuffer();
      return { status: response.status, ms: performance.now() - started };
    };
    // The failure count the instance that answered attempt i logged for it.
    const failuresLogged = (i: number): number =>
      Number(bot(i).logs.findLast((l) => l.msg === 'agent desk: bad credentials' && l.ip === client)?.failures);
    // Attempts until the back-off reaches a second: enough to see it grow, not so many the test drags.
    let attempts = 1;
    while (backoffMs(attempts) < 1000) attempts += 1;
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      const { status, ms } = await login(attempt, `wrong-token-${attempt}`);
      expect(status).toBe(401);
      // Each instance alone has seen about half the failures; the count and the delay follow the total.
      expect(failuresLogged(attempt)).toBe(attempt);
      expect(ms).toBeGreaterThanOrEqual(backoffMs(attempt));
    }
    expect(backoffMs(attempts)).toBeGreaterThan(0);
    expect((await login(attempts + 1, AGENT_TOKEN)).status).toBe(200);
    const afterSuccess = await login(attempts + 2, 'wrong-again');
    expect(afterSuccess).toEqual({ status: 401, ms: expect.any(Number) as number });
    expect(afterSuccess.ms).toBeLessThan(backoffMs(attempts));
    expect(failuresLogged(attempts + 2)).toBe(1);
  }, 30_000);
});
