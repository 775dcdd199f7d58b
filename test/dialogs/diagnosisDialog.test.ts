import { MemoryStorage } from 'botbuilder';
import { DialogsComponentRegistration } from 'botbuilder-dialogs/lib/dialogsComponentRegistration.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StorageHandle } from '../../bot/storage/createStorage.ts';
import { TRANSCRIPT_LINE_CHARS } from '../../dialogs/boundTranscript.ts';
import { STATS_KEY } from '../../dialogs/learningStore.ts';
import { makeActivity, postJson, startTestBot, type TestBot } from '../helpers/botServer.ts';

type Activity = { type: string; name?: string; text?: string; value?: Record<string, unknown>; attachments?: Array<{ content: { activities: Array<{ text: string }> } }> };

function memoryHandle(memory: MemoryStorage): StorageHandle {
  return { storage: memory, kind: 'memory', sweep: async () => 0, check: async () => undefined, close: async () => undefined };
}

describe('DiagnosisDialog', () => {
  let bot: TestBot | undefined;
  afterEach(async () => {
    await bot?.close();
    bot = undefined;
  });

  async function say(conversationId: string, text: string, extra: Record<string, unknown> = {}): Promise<Activity[]> {
    if (!bot) throw new Error('no bot');
    const { body } = await postJson(bot.messagesUrl, makeActivity({ conversation: { id: conversationId }, deliveryMode: 'expectReplies', text, locale: 'de-DE', ...extra }));
    return (body as { activities: Activity[] }).activities;
  }

  it('hands off with the structured diagnosis and a redacted transcript', async () => {
    bot = await startTestBot({ DIAGNOSIS_LEARNING: 'off' });
    await say('c-handoff', 'rdp to our azure vm fails with 0x904 extended 0x7 after I enter my password, nobody can connect, no third-party antivirus. my password is Hunter2!');
    await say('c-handoff', 'no, still the same error');
    const replies = await say('c-handoff', 'this is not working, let me talk to a person');
    const event = replies.find((a) => a.type === 'event');
    expect(event?.name).toBe('handoff.initiate');
    expect(replies.filter((a) => a.type === 'message').length).toBeGreaterThan(0);
    const value = event?.value as { diagnosis: Record<string, unknown>; channel: string; locale: string };
    expect(value.channel).toBe('emulator');
    expect(value.locale).toBe('de-DE');
    expect(value.diagnosis).toMatchObject({
      reason: 'requested',
      errorCodes: { main: ['0x904'], extended: ['0x7'] },
      errors: [{ id: 'rdp-0x904' }],
      facts: expect.arrayContaining([{ questionId: 'is-azure-vm', label: 'Azure VM', value: 'yes', source: 'stated' }]),
      ruledOut: [{ causeId: 'corrupt-machinekeys', title: expect.any(String) }],
      fixesTried: [{ fixId: 'repair-machinekeys-permissions', title: expect.any(String), outcome: 'failed' }],
      topCauses: expect.arrayContaining([expect.objectContaining({ causeId: expect.any(String), p: expect.any(Number) })]),
    });
    const transcript = event?.attachments?.[0]?.content.activities ?? [];
    expect(transcript.length).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(transcript)).toContain('[redacted]');
    expect(JSON.stringify(transcript)).not.toContain('Hunter2');
  });

  it('keeps the bot\'s replies in the conversation state by reference and hands off the very texts the person was sent', async () => {
    const memory = new MemoryStorage();
    bot = await startTestBot({ DIAGNOSIS_LEARNING: 'off' }, memoryHandle(memory));
    const sent: string[] = [];
    for (const text of ['rdp to our azure vm fails with 0x904 extended 0x7 after I enter my password, no third-party antivirus', 'no, still the same error']) {
      sent.push(...(await say('c-refs', text)).flatMap((a) => (a.type === 'message' && a.text ? [a.text] : [])));
    }
    const key = 'emulator/conversations/c-refs/';
    const stored = (await memory.read([key]))[key] as { dialogState: { dialogStack: Array<{ state: { transcript: Array<Record<string, unknown>> } }> } };
    const lines = stored.dialogState.dialogStack[0]?.state.transcript ?? [];
    expect(lines.filter((l) => l.from === 'bot').every((l) => l.reply !== undefined && l.text === undefined)).toBe(true);
    const storedText = JSON.stringify(stored);
    for (const text of sent) expect(storedText).not.toContain(JSON.stringify(text).slice(1, -1));

    // A line stored as text by an earlier version is handed off as it is.
    lines.unshift({ from: 'bot', text: 'An answer stored as text by an earlier version', at: new Date().toISOString() });
    await memory.write({ [key]: { ...stored, eTag: '*' } });
    const replies = await say('c-refs', 'this is not working, let me talk to a person');
    const event = replies.find((a) => a.type === 'event' && a.name === 'handoff.initiate');
    const transcript = (event?.attachments?.[0]?.content.activities ?? []) as Array<{ text: string; from: { role: string } }>;
    const botLines = transcript.filter((a) => a.from.role === 'bot').map((a) => a.text);
    expect(botLines[0]).toBe('An answer stored as text by an earlier version');
    // Each line cut to what an agent is shown, as any line is.
    expect(botLines.slice(1, 1 + sent.length)).toEqual(sent.map((text) => (text.length > TRANSCRIPT_LINE_CHARS ? `${text.slice(0, TRANSCRIPT_LINE_CHARS)}…` : text)));
  });

  it('does not take a long hex string (a key, a hash) for an error code: nothing echoes it, and neither the state nor the hand-off hold it in clear', async () => {
    const memory = new MemoryStorage();
    bot = await startTestBot({ DIAGNOSIS_LEARNING: 'off' }, memoryHandle(memory));
    const secret = '0x9f86d081884c7d659a2feaa0c55ad015a3bf4f1b';
    const first = await say('c-echo', `remote desktop fails, it shows ${secret} and nothing else`);
    expect(first.some((a) => a.text?.includes(secret))).toBe(false);
    const replies = await say('c-echo', 'let me talk to a person');
    const event = replies.find((a) => a.type === 'event' && a.name === 'handoff.initiate');
    expect(event).toBeDefined();
    const key = 'emulator/conversations/c-echo/';
    expect(JSON.stringify((await memory.read([key]))[key])).not.toContain(secret);
    expect(JSON.stringify(event?.attachments)).not.toContain(secret);
    expect(JSON.stringify(event?.attachments)).toContain('[redacted]');
  });

  it('builds botbuilder-dialogs\' memory scopes once, not in every turn\'s DialogContext', async () => {
    const built = vi.spyOn(DialogsComponentRegistration.prototype, 'getMemoryScopes');
    try {
      bot = await startTestBot({ DIAGNOSIS_LEARNING: 'off' });
      const before = built.mock.calls.length;
      const replies = await say('c-scopes', 'rdp says the remote computer could not be found, error 0x104');
      expect(replies.some((a) => a.type === 'message')).toBe(true);
      await say('c-scopes', 'no');
      expect(built.mock.calls.length - before).toBe(0);
    } finally {
      built.mockRestore();
    }
  });

  it('stores a verified outcome as ids and evidence only, and it moves the priors', async () => {
    const memory = new MemoryStorage();
    bot = await startTestBot({}, memoryHandle(memory));
    await say('c-learn', 'rdp to srv-9 says you need the right to sign in through remote desktop services, srv-9 is my secret hostname');
    await say('c-learn', 'yes, that fixed it');
    await bot.app.learning.flush();
    const stats = (await memory.read([STATS_KEY]))[STATS_KEY] as { stats: { worked: Record<string, number>; confirmed: number } };
    expect(stats.stats.confirmed).toBe(1);
    expect(stats.stats.worked['not-in-remote-desktop-users']).toBe(1);
    const dump = JSON.stringify((memory as unknown as { memory: Record<string, string> }).memory);
    const outcomeRecords = Object.entries((memory as unknown as { memory: Record<string, string> }).memory).filter(([key]) => key.startsWith('learning/outcomes/'));
    expect(outcomeRecords).toHaveLength(1);
    expect(JSON.parse(outcomeRecords[0]?.[1] ?? '{}')).toMatchObject({ outcomes: [{ fixId: 'grant-remote-desktop-sign-in', worked: true, errors: ['remote-sign-in-right-missing'], channelId: 'emulator' }] });
    expect(outcomeRecords[0]?.[1]).not.toContain('srv-9');
    expect(dump).toContain('learning/outcome-stats');
  });

  it('migrates a stored session and learning statistics that still use a renamed cause id', async () => {
    const memory = new MemoryStorage();
    await memory.write({ [STATS_KEY]: { stats: { worked: { 'win11-hostname-resolution': 3, 'dropped-cause': 1 }, failed: {}, confirmed: 4 } } });
    bot = await startTestBot({}, memoryHandle(memory));
    await say('c-migrate', 'rdp says it can\'t find the computer, error 0x104');
    const key = 'emulator/conversations/c-migrate/';
    const stored = (await memory.read([key]))[key] as Record<string, unknown>;
    const old = JSON.parse(JSON.stringify(stored).replaceAll('"name-resolution"', '"win11-hostname-resolution"')) as Record<string, unknown>;
    expect(JSON.stringify(old)).toContain('win11-hostname-resolution');
    await memory.write({ [key]: { ...old, eTag: '*' } });
    const replies = await say('c-migrate', 'yes, that fixed it');
    expect(replies.some((a) => a.text?.startsWith('Great'))).toBe(true);
    await bot.app.learning.flush();
    const stats = (await memory.read([STATS_KEY]))[STATS_KEY] as { stats: { worked: Record<string, number>; confirmed: number } };
    expect(stats.stats.worked).toEqual({ 'name-resolution': 4 });
    expect(stats.stats.confirmed).toBe(4);
    expect(JSON.stringify((await memory.read([key]))[key])).not.toContain('win11-hostname-resolution');
  });

  it('stores nothing for learning when DIAGNOSIS_LEARNING=off', async () => {
    const memory = new MemoryStorage();
    bot = await startTestBot({ DIAGNOSIS_LEARNING: 'off' }, memoryHandle(memory));
    await say('c-nolearn', 'rdp says it can\'t find the computer, error 0x104');
    await say('c-nolearn', 'yes');
    const keys = Object.keys((memory as unknown as { memory: Record<string, string> }).memory);
    expect(keys.filter((k) => k.startsWith('learning/'))).toEqual([]);
  });

  it('continues a conversation whose turns land on different instances sharing one store', async () => {
    const memory = new MemoryStorage();
    const first = await startTestBot({ DIAGNOSIS_LEARNING: 'off' }, memoryHandle(memory));
    const second = await startTestBot({ DIAGNOSIS_LEARNING: 'off' }, memoryHandle(memory));
    try {
      const post = async (target: TestBot, text: string): Promise<Activity[]> => {
        const { body } = await postJson(target.messagesUrl, makeActivity({ conversation: { id: 'c-multi' }, deliveryMode: 'expectReplies', text }));
        return (body as { activities: Activity[] }).activities;
      };
      const asked = await post(first, 'remote desktop fails and there is no error code');
      expect(asked.at(-1)?.text).toMatch(/as far as entering your password/);
      let answered = await post(second, 'no, nobody can connect and it is an azure vm');
      expect(answered.some((a) => a.text?.match(/as far as entering your password/))).toBe(false);
      // The instances take turns answering "no" until the network-rule fix comes: each sees the other's state.
      const instances = [first, second];
      let turn = 0;
      while (!answered.some((a) => a.text?.includes('az network nsg rule')) && turn < 4) answered = await post(instances[turn++ % 2] ?? first, 'no');
      expect(answered.some((a) => a.text?.includes('az network nsg rule'))).toBe(true);
      const resolved = await post(instances[turn % 2] ?? first, 'yes, that fixed it');
      expect(resolved.some((a) => a.text?.startsWith('Great'))).toBe(true);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('renders questions as Adaptive Cards 1.5 with Action.Submit on Teams and as suggested actions elsewhere', async () => {
    bot = await startTestBot({ DIAGNOSIS_LEARNING: 'off' });
    const teams = await say('c-teams', 'remote desktop fails and there is no error code', { channelId: 'msteams' });
    const card = teams.find((a) => a.attachments?.length)?.attachments?.[0] as unknown as { contentType: string; content: { version: string; actions: Array<{ type: string; data: unknown }> } };
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content.version).toBe('1.5');
    expect(card.content.actions.map((a) => a.type)).toEqual(['Action.Submit', 'Action.Submit', 'Action.Submit']);
    expect(card.content.actions[0]?.data).toEqual({ questionId: 'credential-prompt', answer: 'yes' });
    const web = (await say('c-web', 'remote desktop fails and there is no error code', { channelId: 'webchat' })) as Array<Activity & { suggestedActions?: { actions: Array<{ title: string }> } }>;
    expect(web.at(-1)?.suggestedActions?.actions.map((a) => a.title)).toEqual(['Yes', 'No', 'Not sure']);
  });

  it('understands a Web Chat button by its value alone (messageBack, no text to parse)', async () => {
    bot = await startTestBot({ DIAGNOSIS_LEARNING: 'off' });
    type Action = { type: string; title: string; value: { questionId?: string; answer?: string } };
    const asked = (await say('c-click', 'remote desktop fails and there is no error code', { channelId: 'webchat' })) as Array<Activity & { suggestedActions?: { actions: Action[] } }>;
    const no = asked.at(-1)?.suggestedActions?.actions.find((a) => a.title === 'No');
    expect(no).toMatchObject({ type: 'messageBack', value: { answer: 'no' } });
    const questionId = no?.value.questionId ?? 'missing';
    const next = (await say('c-click', '', { channelId: 'webchat', text: undefined, value: no?.value, channelData: { messageBack: { displayText: 'No' } } })) as Array<Activity & { suggestedActions?: { actions: Action[] } }>;
    // Understood: the question is not asked again; the conversation moves on (another question or a fix).
    expect(next.length).toBeGreaterThan(0);
    expect(next.at(-1)?.suggestedActions?.actions[0]?.value.questionId).not.toBe(questionId);
  });

  it('renders a fix as numbered steps with shell-named code blocks, flags and sources, then asks whether it worked', async () => {
    bot = await startTestBot({ DIAGNOSIS_LEARNING: 'off' });
    const replies = (await say('c-fix', 'rdp to our azure vm fails with 0x904 extended 0x7 after I enter my password, nobody can connect, no third-party antivirus')) as Array<Activity & { suggestedActions?: { actions: Array<{ title: string }> } }>;
    const fix = replies.find((a) => a.text?.includes('```'))?.text ?? '';
    expect(fix).toMatch(/^1\. /m);
    expect(fix).toContain('```powershell');
    expect(fix).toMatch(/needs admin rights · risk: high/);
    expect(fix).toMatch(/Back up first: /);
    expect(fix).toMatch(/Undo: /);
    expect(fix).toMatch(/\*\*High risk\.\*\*/);
    expect(fix).toMatch(/Sources: \[1\]\(https:\/\/learn\.microsoft\.com/);
    expect(replies.at(-1)?.suggestedActions?.actions.map((a) => a.title)).toEqual(['Yes, it works', 'No, still failing']);
  });
});
