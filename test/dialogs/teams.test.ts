import { MemoryStorage, type Activity } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StorageHandle } from '../../bot/storage/createStorage.ts';
import { removeBotMentions } from '../../dialogs/teams.ts';
import { CHANNEL_URL, postJson, startTestBot, type TestBot } from '../helpers/botServer.ts';

const BOT = { id: '28:11111111-2222-3333-4444-555555555555', name: 'RDP Assistant' };
const USER = { id: '29:1a2b3c', name: 'Ada', aadObjectId: '00000000-0000-0000-0000-0000000000aa' };
const mention = { type: 'mention', text: '<at>RDP Assistant</at>', mentioned: BOT };

let seq = 0;
function teams(conversation: Record<string, unknown>, fields: Record<string, unknown>): Record<string, unknown> {
  seq += 1;
  return {
    id: `teams-${seq}`,
    channelId: 'msteams',
    serviceUrl: `${CHANNEL_URL}/`,
    from: USER,
    recipient: BOT,
    conversation: { tenantId: 't1', ...conversation },
    channelData: { tenant: { id: 't1' } },
    deliveryMode: 'expectReplies',
    timestamp: new Date().toISOString(),
    ...fields,
  };
}

type Reply = { type: string; text?: string; attachments?: Array<{ contentType: string; content: { version?: string; body: Array<Record<string, unknown>>; actions?: Array<{ type: string }> } }> };

describe('Teams', () => {
  let bot: TestBot;
  let memory: MemoryStorage;
  beforeAll(async () => {
    memory = new MemoryStorage();
    const handle: StorageHandle = { storage: memory, kind: 'memory', sweep: async () => 0, check: async () => undefined, close: async () => undefined };
    bot = await startTestBot({ DIAGNOSIS_LEARNING: 'off' }, handle);
  });
  afterAll(async () => bot.close());

  const send = async (activity: Record<string, unknown>): Promise<Reply[]> => ((await postJson(bot.messagesUrl, activity)).body as { activities: Reply[] }).activities;
  const messages = (replies: Reply[]) => replies.filter((r) => r.type === 'message');
  const session = async (conversationId: string) => {
    const key = `msteams/conversations/${conversationId}/`;
    const item = (await memory.read([key]))[key] as { dialogState?: { dialogStack?: Array<{ state: { session: { phase: string; fixesTried: unknown[]; evidence: { errors: string[] }; codes: { extended: string[] }; pendingQuestion?: string } } }> } } | undefined;
    return item?.dialogState?.dialogStack?.[0]?.state.session;
  };

  it('welcomes once on install in personal scope', async () => {
    const personal = { id: 'a:personal-1', conversationType: 'personal' };
    const first = await send(teams(personal, { type: 'conversationUpdate', membersAdded: [BOT, USER] }));
    expect(messages(first)).toHaveLength(1);
    const again = await send(teams(personal, { type: 'installationUpdate', action: 'add' }));
    const repeat = await send(teams(personal, { type: 'conversationUpdate', membersAdded: [BOT, USER] }));
    expect([...messages(again), ...messages(repeat)]).toEqual([]);
  });

  it('introduces itself once when added to a team, and does not greet people who join the team', async () => {
    const channel = { id: '19:general@thread.tacv2', conversationType: 'channel', isGroup: true };
    expect(messages(await send(teams(channel, { type: 'conversationUpdate', membersAdded: [BOT], channelData: { eventType: 'teamMemberAdded', team: { id: '19:general@thread.tacv2' } } })))).toHaveLength(1);
    expect(messages(await send(teams(channel, { type: 'conversationUpdate', membersAdded: [{ id: '29:newcomer' }], channelData: { eventType: 'teamMemberAdded' } })))).toEqual([]);
  });

  it('strips every mention of the bot in a channel and asks with an Adaptive Card 1.5', async () => {
    const thread = { id: '19:general@thread.tacv2;messageid=111', conversationType: 'channel', isGroup: true };
    const replies = await send(
      teams(thread, { type: 'message', text: '<at>RDP Assistant</at> rdp error 0x904 <at>RDP Assistant</at> extended 0x7', entities: [mention, mention] }),
    );
    const state = await session(thread.id);
    expect(state?.evidence.errors).toEqual(['rdp-0x904']);
    expect(state?.codes.extended).toEqual(['0x7']);
    const card = messages(replies).at(-1)?.attachments?.[0];
    expect(card?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card?.content.version).toBe('1.5');
    expect(card?.content.actions?.length).toBeGreaterThanOrEqual(2);
    expect(card?.content.actions?.every((a) => a.type === 'Action.Submit')).toBe(true);
  });

  it('understands an Action.Submit with no text and keeps each conversation separate', async () => {
    const threadA = { id: '19:general@thread.tacv2;messageid=222', conversationType: 'channel', isGroup: true };
    const group = { id: '19:meeting_abc@thread.v2', conversationType: 'groupChat', isGroup: true };
    const first = await send(teams(threadA, { type: 'message', text: '<at>RDP Assistant</at> rdp error 0x904 extended 0x7', entities: [mention] }));
    await send(teams(group, { type: 'message', text: '<at>RDP Assistant</at> I get 0x204 connecting to my pc', entities: [mention] }));
    const a = await session(threadA.id);
    const g = await session(group.id);
    expect(a?.evidence.errors).toEqual(['rdp-0x904']);
    expect(g?.evidence.errors).toEqual(['rdp-0x204']);
    // Answer "no" by card until the fix comes (how many questions come first depends on the knowledge).
    const fixCardIn = (replies: Reply[]): unknown => messages(replies).map((r) => r.attachments?.[0]?.content).find((c) => /(Most likely|Possible) cause/.test(JSON.stringify(c)));
    let fixCard = fixCardIn(first);
    for (let turn = 0; turn < 6 && !fixCard; turn += 1) {
      const pending = (await session(threadA.id))?.pendingQuestion;
      fixCard = fixCardIn(await send(teams(threadA, { type: 'message', value: { questionId: pending, answer: 'no' } })));
    }
    expect(fixCard).toBeDefined();
    expect(JSON.stringify(fixCard)).toContain('"fontType":"Monospace"');
    expect((await session(threadA.id))?.phase).toBe('verifying');
    await send(teams(threadA, { type: 'message', value: { answer: 'no' } }));
    expect((await session(threadA.id))?.fixesTried).toEqual([expect.objectContaining({ outcome: 'failed' })]);
  });
});

describe('removeBotMentions', () => {
  it('removes every mention of the bot but keeps mentions of people', () => {
    const activity = {
      text: '<at>RDP Assistant</at> ask <at>Grace</at> about it <at>RDP Assistant</at>',
      recipient: BOT,
      entities: [mention, { type: 'mention', text: '<at>Grace</at>', mentioned: { id: '29:grace' } }, mention],
    } as unknown as Activity;
    expect(removeBotMentions(activity)).toBe('ask <at>Grace</at> about it');
  });

  it('keeps the line breaks of a pasted output', () => {
    const activity = { text: '<at>RDP Assistant</at> nmap says:\n\n3389/tcp  closed ms-wbt-server\r\n49833/tcp open   unknown\n\nno idea what that is', recipient: BOT, entities: [mention] } as unknown as Activity;
    expect(removeBotMentions(activity)).toBe('nmap says:\n\n3389/tcp closed ms-wbt-server\n49833/tcp open unknown\n\nno idea what that is');
  });
});
