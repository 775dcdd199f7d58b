import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../bot/loadKnowledge.ts';
import { CHANNEL_URL, makeActivity, postJson, startTestBot, type TestBot } from '../../helpers/botServer.ts';
import { fakeConnector, loopbackOnly } from '../../helpers/connector.ts';

const CHANNEL = CHANNEL_URL;
const WORKFLOW = 'https://prod-00.westeurope.logic.azure.com';
const WORKFLOW_PATH = '/workflows/abc/triggers/manual/paths/invoke';
const TOKEN = 'ada-token-0123456789abcdef';
const { messages } = (await loadKnowledge()).knowledge;

type Card = { type: string; version: string; body: Array<{ type: string; text?: string; facts?: Array<{ title: string; value: string }> }>; actions?: Array<{ type: string; url: string }> };

async function handOff(bot: TestBot, conversation: string): Promise<void> {
  const activity = makeActivity({ conversation: { id: conversation }, serviceUrl: `${CHANNEL}/`, channelId: 'webchat', text: 'rdp error 0x904 extended 0x7, get me a person', channelData: { portalUser: { name: 'Alex Wilber', email: 'alex@contoso.example' } } });
  expect((await postJson(bot.messagesUrl, activity)).status).toBe(200);
}

async function queuedIds(bot: TestBot): Promise<string[]> {
  const cases = (await (await fetch(`${bot.url}/api/agent/conversations`, { headers: { authorization: `Bearer ${TOKEN}` } })).json()) as Array<{ id: string }>;
  return cases.map((c) => c.id);
}

describe('Teams notification (HANDOFF_NOTIFY_URL)', () => {
  let bot: TestBot;
  loopbackOnly(() => bot.close());

  it('posts an Adaptive Card with the diagnosis, the ticket and a link to the case on the desk', async () => {
    fakeConnector(CHANNEL);
    nock('https://hooks.example.test').post('/rdp').reply(200, { number: 'HD-9' });
    let posted: { type: string; attachments: Array<{ contentType: string; content: Card }> } | undefined;
    nock(WORKFLOW)
      .post(WORKFLOW_PATH)
      .query(true)
      .reply(202, async (request: Request) => {
        posted = (await request.json()) as typeof posted;
        return '';
      });
    bot = await startTestBot({
      AGENT_TOKENS: `Ada:${TOKEN}`,
      HANDOFF_NOTIFY_URL: `${WORKFLOW}${WORKFLOW_PATH}?api-version=2016-06-01&sig=secret`,
      DESK_PUBLIC_URL: 'https://rdp-bot.contoso.example',
      TICKETS: 'webhook',
      TICKET_WEBHOOK_URL: 'https://hooks.example.test/rdp',
      TICKET_WEBHOOK_SECRET: 'webhook-secret-0123456789abcdef-0123',
    });
    await handOff(bot, 'notify-1');
    const [caseId] = await queuedIds(bot);
    expect(posted?.type).toBe('message');
    const attachment = posted?.attachments[0];
    expect(attachment?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = attachment?.content;
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    const facts = Object.fromEntries((card?.body.find((b) => b.type === 'FactSet')?.facts ?? []).map((f) => [f.title, f.value]));
    expect(facts).toMatchObject({ Person: 'Alex Wilber · alex@contoso.example', Channel: 'webchat', Reason: messages['desk-reason-requested'], 'Error codes': '0x904 / ext 0x7', Ticket: 'HD-9' });
    expect(card?.actions).toEqual([expect.objectContaining({ type: 'Action.OpenUrl', url: `https://rdp-bot.contoso.example/agent#case=${caseId ?? ''}` })]);
  });

  it('queues the person even when the workflow is down, and logs it', async () => {
    fakeConnector(CHANNEL);
    nock(WORKFLOW).post(WORKFLOW_PATH).query(true).reply(500, 'down');
    bot = await startTestBot({ AGENT_TOKENS: `Ada:${TOKEN}`, HANDOFF_NOTIFY_URL: `${WORKFLOW}${WORKFLOW_PATH}?sig=secret` });
    await handOff(bot, 'notify-2');
    expect(await queuedIds(bot)).toHaveLength(1);
    expect(bot.logs.find((l) => l.msg === 'Teams notification not delivered')).toMatchObject({ level: 'warn', reason: 'HTTP 500' });
    expect(JSON.stringify(bot.logs)).not.toContain('sig=secret');
  });
});
