import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplySink, type ReplySink } from '../../bench/replySink.ts';
import { makeActivity, startTestBot, type TestBot } from '../helpers/botServer.ts';

const AGENT_TOKEN = 'fuzz-agent-token-0123456789';
const RUNS = { numRuns: 60 };

/** Odd strings people and tools send: control characters, lone surrogates, RTL, emoji, huge, empty. */
const oddText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.constantFrom('', '\u0000\u0007\u001b[2J', '\uD800', 'a\uDFFFb', '\u202Eesrever\u202C', 'مرحبا 0x904', '🙂'.repeat(500), '%E0%A4%A', '${7*7}{{7*7}}', '<script>alert(1)</script>'),
  fc.integer({ min: 1000, max: 60_000 }).map((n) => 'w'.repeat(n)),
);
/** Any JSON-ish value, with wrong types where strings or arrays belong. */
const oddValue = fc.oneof(oddText, fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.anything(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.anything(), { maxKeys: 3 }));
/** A URL path segment for any string; a lone surrogate becomes its (invalid) UTF-8 escape, as a raw client would send. */
const pathSegment = (text: string): string => encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '\uFFFD')).replace(/%EF%BF%BD/g, '%ED%A0%80');
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq: 2 });
const nested = fc.integer({ min: 1, max: 3000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`);

/** An activity with each field either right, missing or wrong. */
const activityBody = fc.record({
  type: fc.oneof(fc.constantFrom('message', 'conversationUpdate', 'invoke', 'event', 'typing', 'installationUpdate', 'messageReaction', 'endOfConversation'), oddValue),
  text: maybe(oddValue),
  channelId: fc.oneof(fc.constantFrom('emulator', 'msteams', 'directline', 'webchat'), oddValue),
  deliveryMode: maybe(fc.oneof(fc.constantFrom('expectReplies', 'normal'), oddValue)),
  entities: maybe(fc.oneof(fc.array(fc.record({ type: fc.constantFrom('mention', 'clientInfo'), text: oddText, mentioned: fc.record({ id: fc.constantFrom('bot-1', 'x') }) }), { maxLength: 3 }), oddValue)),
  membersAdded: maybe(fc.oneof(fc.array(fc.record({ id: fc.constantFrom('bot-1', 'user-1') }), { maxLength: 3 }), oddValue)),
  value: maybe(oddValue),
  name: maybe(oddValue),
  locale: maybe(oddValue),
  timestamp: maybe(fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), oddValue)),
  recipient: maybe(fc.oneof(fc.constant({ id: 'bot-1' }), oddValue)),
  conversationType: maybe(oddValue),
});

describe('fuzzing the HTTP surface', () => {
  let bot: TestBot;
  let channel: ReplySink;
  let serviceUrl: string;
  let sentinel: unknown;
  const auth = { authorization: `Bearer ${AGENT_TOKEN}` };

  beforeAll(async () => {
    channel = await startReplySink();
    serviceUrl = channel.serviceUrl;
    bot = await startTestBot({ AGENT_TOKENS: `Fuzz:${AGENT_TOKEN}`, MESSAGE_RATE_PER_MINUTE: '100000', TOKEN_RATE_PER_MINUTE: '100000' });
    await send('/api/messages', JSON.stringify(makeActivity({ serviceUrl, conversation: { id: 'sentinel' }, deliveryMode: 'expectReplies', text: 'rdp fails with 0x904 extended 0x7' })));
    sentinel = await storedSentinel();
  });
  afterAll(async () => {
    await bot.close();
    channel.close();
  });

  async function storedSentinel(): Promise<unknown> {
    const key = 'emulator/conversations/sentinel/';
    return (await bot.storage.storage.read([key]))[key];
  }

  async function send(path: string, body: string | Buffer, headers: Record<string, string> = {}, method = 'POST'): Promise<{ status: number; text: string }> {
    const response = await fetch(`${bot.url}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, ...(method === 'GET' ? {} : { body }) });
    return { status: response.status, text: await response.text() };
  }

  /** Never a 5xx; a 4xx is short JSON with an error and no stack or exception name. */
  function expectHandled({ status, text }: { status: number; text: string }): void {
    expect(status).toBeLessThan(500);
    if (status >= 400) {
      expect(text.length).toBeLessThan(400);
      expect(JSON.parse(text)).toHaveProperty('error');
      expect(text).not.toMatch(/RangeError|TypeError|URIError|SyntaxError|at \w+ \(|node_modules/);
    }
  }

  it('answers any activity on /api/messages without a 5xx or a failed turn', async () => {
    await fc.assert(
      fc.asyncProperty(activityBody, fc.integer({ min: 0, max: 5 }), async ({ conversationType, ...fields }, n) => {
        const activity = makeActivity({ serviceUrl, conversation: { id: `fuzz-${n}`, ...(conversationType === undefined ? {} : { conversationType }) } });
        for (const [field, value] of Object.entries(fields)) if (value === undefined && field !== 'recipient') delete activity[field];
        else activity[field] = value;
        expectHandled(await send('/api/messages', JSON.stringify(activity)));
      }),
      RUNS,
    );
  });

  it('answers raw bodies, content types, encodings and deep nesting with a 4xx, not a crash', async () => {
    const raw = fc.oneof(oddText, nested, fc.json(), fc.constant('{"type":"message",'));
    const contentType = fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/octet-stream');
    const encoding = fc.constantFrom(undefined, 'gzip', 'deflate', 'br', 'identity', 'x-unknown');
    const path = fc.constantFrom('/api/messages', '/api/directline/token', '/v3/directline/conversations', '/api/agent/conversations/x/messages', '/v3/directline/tokens/refresh');
    await fc.assert(
      fc.asyncProperty(raw, contentType, encoding, path, async (body, type, contentEncoding, target) => {
        const headers: Record<string, string> = { 'content-type': type, ...auth, ...(contentEncoding ? { 'content-encoding': contentEncoding } : {}) };
        expectHandled(await send(target, body, headers));
      }),
      RUNS,
    );
  });

  it('answers the local Direct Line and the agent API with a 4xx for bad input', async () => {
    const issued = JSON.parse((await send('/api/directline/token', '{}')).text) as { token: string; conversationId: string };
    expectHandled(await send('/v3/directline/conversations', '{}', { authorization: `Bearer ${issued.token}` }));
    const dlPath = fc.oneof(fc.constant(issued.conversationId), fc.uuid(), oddText.map(pathSegment), fc.constantFrom('%E0%A4%A', '..%2F..', '%00'));
    const token = fc.oneof(fc.constant(issued.token), oddText.filter((t) => /^[\x21-\x7e]*$/.test(t)));
    await fc.assert(
      fc.asyncProperty(dlPath, token, activityBody, fc.constantFrom('activities', 'activities?watermark=-1', 'activities?watermark=1e309'), async (id, bearer, body, tail) => {
        const headers = { authorization: `Bearer ${bearer}` };
        expectHandled(await send(`/v3/directline/conversations/${id}/activities`, JSON.stringify(body), headers));
        expectHandled(await send(`/v3/directline/conversations/${id}/${tail}`, '', headers, 'GET'));
        expectHandled(await send(`/directline-bot/${pathSegment(bearer)}/v3/conversations/${id}/activities`, JSON.stringify(body)));
      }),
      { numRuns: 30 },
    );
    const agentPath = fc.tuple(fc.oneof(fc.uuid(), oddText.map(pathSegment)), fc.constantFrom('', '/accept', '/messages', '/end'));
    await fc.assert(
      fc.asyncProperty(agentPath, fc.record({ text: maybe(oddValue), causeId: maybe(oddValue) }), async ([id, action], body) => {
        expectHandled(await send(`/api/agent/conversations/${id}${action}`, JSON.stringify(body), auth, action === '' ? 'GET' : 'POST'));
      }),
      { numRuns: 30 },
    );
  });

  it('left no turn failed, the process answering, and the other conversation untouched', async () => {
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    expect(await storedSentinel()).toEqual(sentinel);
    expect(bot.logs.filter((l) => l.level === 'error' || l.level === 'fatal').map((l) => l.msg)).toEqual([]);
  });
});
