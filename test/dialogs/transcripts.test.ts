import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MemoryStorage } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Session } from '../../dialogs/diagnosis/session.ts';
import type { StorageHandle } from '../../bot/storage/createStorage.ts';
import { makeActivity, postJson, startTestBot, type TestBot } from '../helpers/botServer.ts';

/**
 * Conversation tests: each YAML file in transcripts/ is a conversation through the real server (HTTP,
 * expectReplies) on the real knowledge (or `knowledge:` another folder). Expectations name ids, never
 * wording: the question asked, the fix proposed, facts recorded, the phase, hand-off events.
 */
type Expect = {
  asks?: string | null;
  fix?: string;
  cause?: string;
  handoff?: string;
  phase?: Session['phase'];
  facts?: Record<string, 'yes' | 'no'>;
  /** Facts not recorded (nothing read for them). */
  noFacts?: string[];
  ruledOut?: string[];
  says?: string[];
  notSays?: string[];
  errors?: string[];
  silent?: boolean;
  unsure?: string[];
  notAsked?: string[];
};
type Step = { user?: string; click?: { answer?: string; action?: string }; expect?: Expect };
type Transcript = { name: string; knowledge?: string; channel?: string; steps: Step[] };

const DIR = path.join(import.meta.dirname, 'transcripts');
const files = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();

type Activity = { type: string; name?: string; text?: string; value?: unknown; attachments?: unknown[] };

describe('transcripts', () => {
  const bots = new Map<string, { bot: TestBot; memory: MemoryStorage }>();
  afterAll(async () => {
    for (const { bot } of bots.values()) await bot.close();
  });
  async function botFor(knowledgeDir: string | undefined): Promise<{ bot: TestBot; memory: MemoryStorage }> {
    const key = knowledgeDir ?? '';
    const existing = bots.get(key);
    if (existing) return existing;
    const memory = new MemoryStorage();
    const handle: StorageHandle = { storage: memory, kind: 'memory', sweep: async () => 0, check: async () => undefined, close: async () => undefined };
    const bot = await startTestBot({ ...(knowledgeDir ? { KNOWLEDGE_DIR: knowledgeDir } : {}), DIAGNOSIS_LEARNING: 'off' }, handle);
    const entry = { bot, memory };
    bots.set(key, entry);
    return entry;
  }
  let messages: Record<string, string> = {};
  beforeAll(async () => {
    const { knowledge } = await (await import('../../bot/loadKnowledge.ts')).loadKnowledge();
    messages = knowledge.messages;
  });

  it.each(files)('%s', async (file) => {
    const transcript = parse(readFileSync(path.join(DIR, file), 'utf8')) as Transcript;
    const { bot, memory } = await botFor(transcript.knowledge);
    const channelId = transcript.channel ?? 'emulator';
    const conversation = { id: `transcript-${file}` };
    for (const [index, step] of transcript.steps.entries()) {
      const where = `${transcript.name}, step ${index + 1} (${step.user ?? JSON.stringify(step.click)})`;
      const before = await sessionOf(memory, channelId, conversation.id);
      const value = step.click ? { ...step.click, ...(before?.pendingQuestion ? { questionId: before.pendingQuestion } : {}) } : undefined;
      const { status, body } = await postJson(
        bot.messagesUrl,
        makeActivity({ channelId, conversation, deliveryMode: 'expectReplies', text: step.user, ...(value ? { value } : {}) }),
      );
      expect(status, where).toBe(200);
      const activities = (body as { activities: Activity[] }).activities;
      const session = await sessionOf(memory, channelId, conversation.id);
      if (!step.expect) continue;
      checkStep(step.expect, activities, session, messages, where);
    }
  });
});

function checkStep(e: Expect, activities: Activity[], session: Session | undefined, messages: Record<string, string>, where: string): void {
  const events = activities.filter((a) => a.type === 'event').map((a) => a.name);
  const texts = activities.filter((a) => a.type === 'message').map((a) => a.text ?? '');
  if (e.silent) expect(texts, where).toEqual([]);
  if (e.asks !== undefined) expect(session?.phase === 'asking' ? session.pendingQuestion : null, where).toBe(e.asks);
  if (e.fix) expect(session?.proposal?.fixId, where).toBe(e.fix);
  if (e.cause) expect(session?.proposal?.causeIds, where).toContain(e.cause);
  if (e.phase) expect(session?.phase, where).toBe(e.phase);
  if (e.handoff) {
    expect(events, where).toContain('handoff.initiate');
    const event = activities.find((a) => a.name === 'handoff.initiate') as { value: { diagnosis: { reason: string } }; attachments: unknown[] };
    expect(event.value.diagnosis.reason, where).toBe(e.handoff);
    expect(event.attachments, where).toHaveLength(1);
  } else {
    expect(events, where).not.toContain('handoff.initiate');
  }
  for (const [questionId, value] of Object.entries(e.facts ?? {})) expect(session?.evidence.facts[questionId]?.value, `${where}: ${questionId}`).toBe(value);
  for (const questionId of e.noFacts ?? []) expect(session?.evidence.facts[questionId], `${where}: ${questionId}`).toBeUndefined();
  for (const causeId of e.ruledOut ?? []) expect(session?.evidence.ruledOut, where).toContain(causeId);
  for (const questionId of e.unsure ?? []) expect(session?.unsure, where).toContain(questionId);
  for (const questionId of e.notAsked ?? []) expect(session?.pendingQuestion, where).not.toBe(questionId);
  for (const id of e.says ?? []) expect(texts.some((t) => t === messages[id]), `${where}: says ${id}`).toBe(true);
  for (const id of e.notSays ?? []) expect(texts.some((t) => t.includes(messages[id] ?? id)), `${where}: does not say ${id}`).toBe(false);
  if (e.errors) expect(session?.evidence.errors, where).toEqual(e.errors);
}

async function sessionOf(memory: MemoryStorage, channelId: string, conversationId: string): Promise<Session | undefined> {
  const key = `${channelId}/conversations/${conversationId}/`;
  const item = (await memory.read([key]))[key] as { dialogState?: { dialogStack?: Array<{ state?: { session?: Session } }> } } | undefined;
  return item?.dialogState?.dialogStack?.[0]?.state?.session;
}
