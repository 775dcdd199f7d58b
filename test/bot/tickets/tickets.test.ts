import { createHmac } from 'node:crypto';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../bot/loadKnowledge.ts';
import { CHANNEL_URL, makeActivity, postJson, startTestBot, type TestBot } from '../../helpers/botServer.ts';
import { fakeConnector, loopbackOnly, type SentActivity } from '../../helpers/connector.ts';

const CHANNEL = CHANNEL_URL;
const SNOW = 'https://contoso.service-now.com';
const HOOK = 'https://hooks.example.test';
const SECRET = 'webhook-secret-0123456789abcdef-0123';
const TOKEN = 'ada-token-0123456789abcdef';
const { messages } = (await loadKnowledge()).knowledge;
const OPENING = 'rdp to our azure vm fails with 0x904 extended 0x7';

type DeskCase = { id: string; status: string; ticket?: { system: string; number: string; url?: string } };

async function handOff(bot: TestBot, conversation: string): Promise<void> {
  const send = (text: string) => postJson(bot.messagesUrl, makeActivity({ conversation: { id: conversation }, serviceUrl: `${CHANNEL}/`, text, channelData: { portalUser: { name: 'Alex Wilber', email: 'alex@contoso.example' } } }));
  expect((await send(OPENING)).status).toBe(200);
  expect((await send('I want to talk to a person')).status).toBe(200);
}

async function deskCases(bot: TestBot): Promise<DeskCase[]> {
  return (await (await fetch(`${bot.url}/api/agent/conversations`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as DeskCase[];
}

const ticketLine = (number: string) => (messages['ticket-created'] ?? '').replace('{number}', number);

describe('tickets', () => {
  let bot: TestBot;
  let sent: SentActivity[];
  loopbackOnly(() => bot.close());

  it('opens a ServiceNow incident with caller, short description and work notes, and tells the person its number', async () => {
    sent = fakeConnector(CHANNEL).accepted;
    let incident: Record<string, string> = {};
    let authorization = '';
    nock(SNOW).get('/api/now/table/sys_user').query({ sysparm_query: 'email=alex@contoso.example', sysparm_fields: 'sys_id', sysparm_limit: '1' }).reply(200, { result: [{ sys_id: 'user-sys-id' }] });
    nock(SNOW)
      .post('/api/now/table/incident')
      .query({ sysparm_fields: 'number,sys_id' })
      .reply(201, async (request: Request) => {
        authorization = request.headers.get('authorization') ?? '';
        incident = (await request.json()) as Record<string, string>;
        return { result: { number: 'INC0010042', sys_id: 'inc-sys-id' } };
      });
    bot = await startTestBot({ AGENT_TOKENS: `Ada:${TOKEN}`, TICKETS: 'servicenow', SERVICENOW_INSTANCE_URL: SNOW, SERVICENOW_USERNAME: 'rdp-bot', SERVICENOW_PASSWORD: 'integration-password' });
    await handOff(bot, 'snow-1');
    expect(authorization).toBe(`Basic ${Buffer.from('rdp-bot:integration-password').toString('base64')}`);
    expect(incident).toMatchObject({ caller_id: 'user-sys-id', contact_type: 'chat' });
    expect(incident.short_description).toMatch(/^Remote Desktop: /);
    expect(incident.short_description).toContain(messages['desk-reason-requested']);
    expect(incident.work_notes).toMatch(/Azure VM: yes/);
    expect(incident.work_notes).toContain(OPENING);
    expect(incident.description).toContain('Alex Wilber');
    expect(sent.map((a) => a.text)).toContain(ticketLine('INC0010042'));
    const [queued] = await deskCases(bot);
    expect(queued?.ticket).toEqual({ system: 'servicenow', number: 'INC0010042', url: `${SNOW}/nav_to.do?uri=incident.do%3Fsys_id%3Dinc-sys-id` });
    expect(JSON.stringify(bot.logs)).not.toContain('integration-password');
  });

  it('posts a signed JSON to the webhook and uses the number it answers', async () => {
    sent = fakeConnector(CHANNEL).accepted;
    let body = '';
    let headers: Headers | undefined;
    nock(HOOK)
      .post('/rdp')
      .reply(200, async (request: Request) => {
        headers = request.headers;
        body = await request.text();
        return { key: 'HD-42', url: 'https://jira.example.test/browse/HD-42' };
      });
    bot = await startTestBot({ AGENT_TOKENS: `Ada:${TOKEN}`, TICKETS: 'webhook', TICKET_WEBHOOK_URL: `${HOOK}/rdp`, TICKET_WEBHOOK_SECRET: SECRET });
    await handOff(bot, 'hook-1');
    const timestamp = headers?.get('x-signature-timestamp') ?? '';
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    expect(headers?.get('x-signature-256')).toBe(`sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex')}`);
    const payload = JSON.parse(body) as Record<string, unknown>;
    expect(payload).toMatchObject({ type: 'rdp-assistant.handoff', channel: 'emulator', requester: { name: 'Alex Wilber', email: 'alex@contoso.example', source: 'portal' } });
    expect(payload.diagnosis).toMatchObject({ reason: 'requested', errorCodes: { main: ['0x904'] } });
    expect(sent.map((a) => a.text)).toContain(ticketLine('HD-42'));
    expect((await deskCases(bot))[0]?.ticket).toEqual({ system: 'webhook', number: 'HD-42', url: 'https://jira.example.test/browse/HD-42' });
  });

  it('retries a ticket-system outage with back-off, keeps the case, shows it on /healthz, and sends the number later', async () => {
    sent = fakeConnector(CHANNEL).accepted;
    const outage = nock(HOOK).post('/rdp').times(2).reply(503, { error: 'maintenance' });
    bot = await startTestBot({ AGENT_TOKENS: `Ada:${TOKEN}`, TICKETS: 'webhook', TICKET_WEBHOOK_URL: `${HOOK}/rdp`, TICKET_WEBHOOK_SECRET: SECRET, TICKET_RETRY_SECONDS: '0.001' });
    await handOff(bot, 'hook-down');
    expect(sent.map((a) => a.text)).toContain(messages['ticket-pending']);
    expect(await deskCases(bot)).toEqual([expect.objectContaining({ status: 'queued' })]);
    const health = await (await fetch(`${bot.url}/healthz`)).json();
    expect(health).toMatchObject({ status: 'ok', tickets: { system: 'webhook', status: 'retrying', pending: 1, lastError: 'HTTP 503' } });

    const tickets = bot.app.tickets;
    if (!tickets) throw new Error('tickets off');
    while (!outage.isDone()) await tickets.runDue();
    nock(HOOK).post('/rdp').reply(200, { number: 'FS-7' });
    while ((await tickets.health()).pending > 0) await tickets.runDue();
    expect(sent.map((a) => a.text)).toContain(ticketLine('FS-7'));
    expect((await deskCases(bot))[0]?.ticket?.number).toBe('FS-7');
    expect(await (await fetch(`${bot.url}/healthz`)).json()).toMatchObject({ tickets: { status: 'ok', pending: 0 } });
  });
});
