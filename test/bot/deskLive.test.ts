import { describe, expect, it } from 'vitest';
import { CHANNEL_URL, makeActivity, postJson, startTestBot, type TestBot } from '../helpers/botServer.ts';
import { fakeConnector, loopbackOnly } from '../helpers/connector.ts';

const CHANNEL = CHANNEL_URL;
const TOKEN = 'ada-token-0123456789abcdef';
const AGENT = { authorization: `Bearer ${TOKEN}` };

type Line = { from: string; text: string; html: string };

describe('agent desk live view', () => {
  let bot: TestBot;
  loopbackOnly(() => bot.close());

  it('streams a change event when someone queues, and renders the transcript as safe HTML', async () => {
    fakeConnector(CHANNEL);
    bot = await startTestBot({ AGENT_TOKENS: `Ada:${TOKEN}` });
    const stream = await fetch(`${bot.url}/api/agent/events`, { headers: AGENT });
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = stream.body?.pipeThrough(new TextDecoderStream()).getReader();
    if (!reader) throw new Error('no stream');
    expect((await reader.read()).value).toContain(': connected');

    const say = (text: string) => postJson(bot.messagesUrl, makeActivity({ conversation: { id: 'live-1' }, serviceUrl: `${CHANNEL}/`, text }));
    await say('rdp fails with 0x904 extended 0x7 <script>alert(1)</script> see [this](javascript:alert(2)) and https://contoso.example/kb');
    await say('talk to a person please');
    let received = '';
    while (!received.includes('event: change')) received += (await reader.read()).value ?? '';
    const { caseId } = JSON.parse(/data: (.*)/.exec(received)?.[1] ?? '{}') as { caseId: string };
    await reader.cancel();

    const detail = (await (await fetch(`${bot.url}/api/agent/conversations/${caseId}`, { headers: AGENT })).json()) as { transcript: Line[]; waitingSeconds: number };
    expect(detail.waitingSeconds).toBeGreaterThanOrEqual(0);
    const first = detail.transcript.find((l) => l.from === 'user');
    expect(first?.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(first?.html).not.toMatch(/<script|href="javascript:/i);
    expect(first?.html).toContain('<a href="https://contoso.example/kb" target="_blank" rel="noopener noreferrer">');
    expect(detail.transcript.some((l) => l.from === 'bot' && /<(p|ol|strong|code)>/.test(l.html))).toBe(true);
  });
});

describe('agent desk delivery', () => {
  let bot: TestBot;
  loopbackOnly(() => bot.close());

  it('tells the agent (502) when the person\'s channel refuses the agent\'s message, and keeps the case', async () => {
    let refuseAgentText = false;
    fakeConnector(CHANNEL, (a) => (refuseAgentText && /help desk\):/.test(a.text ?? '') ? 403 : undefined));
    bot = await startTestBot({ AGENT_TOKENS: `Ada:${TOKEN}` });
    await postJson(bot.messagesUrl, makeActivity({ conversation: { id: 'refused-1' }, serviceUrl: `${CHANNEL}/`, text: 'rdp error 0x904 extended 0x7, get me a person' }));
    const [queued] = (await (await fetch(`${bot.url}/api/agent/conversations`, { headers: AGENT })).json()) as Array<{ id: string }>;
    const call = (path: string, body: unknown) => fetch(`${bot.url}/api/agent/conversations/${queued?.id ?? ''}${path}`, { method: 'POST', headers: { ...AGENT, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await call('/accept', {})).status).toBe(200);
    refuseAgentText = true;
    const sent = await call('/messages', { text: 'Hello, can you restart the VM?' });
    expect(sent.status).toBe(502);
    expect(((await sent.json()) as { error: string }).error).toMatch(/refused the message \(HTTP 403\)/);
    const detail = (await (await fetch(`${bot.url}/api/agent/conversations/${queued?.id ?? ''}`, { headers: AGENT })).json()) as { status: string; messages: Line[] };
    expect(detail.status).toBe('active');
    expect(detail.messages.at(-1)?.text).toBe('Hello, can you restart the VM?');
    expect(bot.logs.filter((l) => l.msg === 'turn failed')).toEqual([]);
  });
});
