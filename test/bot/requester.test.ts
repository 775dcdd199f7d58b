import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { CHANNEL_URL, makeActivity, postJson, startTestBot, type TestBot } from '../helpers/botServer.ts';
import { fakeConnector, loopbackOnly } from '../helpers/connector.ts';

const CHANNEL = CHANNEL_URL;
const TOKEN = 'ada-token-0123456789abcdef';
const AAD = '6f1c2d3e-0000-4000-8000-00000000abcd';
const TEAMS_USER = '29:1teams-user-id';

type Requester = { name?: string; email?: string; aadObjectId?: string; source: string };

async function queuedRequester(bot: TestBot): Promise<Requester | undefined> {
  const response = await fetch(`${bot.url}/api/agent/conversations`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const cases = (await response.json()) as Array<{ id: string; requester?: Requester }>;
  expect(cases).toHaveLength(1);
  const detail = await fetch(`${bot.url}/api/agent/conversations/${cases[0]?.id ?? ''}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(((await detail.json()) as { requester?: Requester }).requester).toEqual(cases[0]?.requester);
  return cases[0]?.requester;
}

const teamsActivity = (conversation: string) =>
  makeActivity({
    channelId: 'msteams',
    serviceUrl: `${CHANNEL}/`,
    conversation: { id: conversation, conversationType: 'personal', tenantId: 'tenant-1' },
    from: { id: TEAMS_USER, name: 'Megan Bowen', aadObjectId: AAD, role: 'user' },
    channelData: { tenant: { id: 'tenant-1' } },
    text: 'rdp error 0x904 extended 0x7, I want a person',
  });

describe('who is asking', () => {
  let bot: TestBot;
  loopbackOnly(() => bot.close());

  it('stores the Teams member (name, email, Entra object id) with the case, and nothing else of it', async () => {
    fakeConnector(CHANNEL);
    const member = nock(CHANNEL)
      .get(`/v3/conversations/teams-member/members/${encodeURIComponent(TEAMS_USER)}`)
      .reply(200, { id: TEAMS_USER, name: 'Megan Bowen', aadObjectId: AAD, email: 'megan@contoso.example', userPrincipalName: 'megan@contoso.example', givenName: 'Megan', surname: 'Bowen', tenantId: 'tenant-1', userRole: 'user' });
    bot = await startTestBot({ AGENT_TOKENS: `Ada:${TOKEN}` });
    expect((await postJson(bot.messagesUrl, teamsActivity('teams-member'))).status).toBe(200);
    expect(member.isDone()).toBe(true);
    expect(await queuedRequester(bot)).toEqual({ name: 'Megan Bowen', email: 'megan@contoso.example', aadObjectId: AAD, source: 'teams' });
  });

  it('falls back to the activity when the Teams API refuses the lookup', async () => {
    fakeConnector(CHANNEL);
    nock(CHANNEL).get(/\/members\//).reply(403, { error: { code: 'Forbidden', message: 'no roster access' } });
    bot = await startTestBot({ AGENT_TOKENS: `Ada:${TOKEN}` });
    expect((await postJson(bot.messagesUrl, teamsActivity('teams-refused'))).status).toBe(200);
    expect(await queuedRequester(bot)).toEqual({ name: 'Megan Bowen', aadObjectId: AAD, source: 'channel' });
  });

  it('takes the signed-in user a portal page passes, marked as stated by the page', async () => {
    fakeConnector(CHANNEL);
    bot = await startTestBot({ AGENT_TOKENS: `Ada:${TOKEN}` });
    const activity = makeActivity({
      channelId: 'webchat',
      serviceUrl: `${CHANNEL}/`,
      conversation: { id: 'portal-1' },
      channelData: { portalUser: { name: 'Alex Wilber', email: 'alex@contoso.example', phone: '555-0100' } },
      text: 'rdp error 0x904 extended 0x7, I want a person',
    });
    expect((await postJson(bot.messagesUrl, activity)).status).toBe(200);
    expect(await queuedRequester(bot)).toEqual({ name: 'Alex Wilber', email: 'alex@contoso.example', source: 'portal' });
  });
});
