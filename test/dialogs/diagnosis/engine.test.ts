import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../bot/loadKnowledge.ts';
import { createDiagnoser, type Diagnoser } from '../../../dialogs/diagnosis/diagnoser.ts';
import { transition, type Effect } from '../../../dialogs/diagnosis/engine.ts';
import { newSession, type Session } from '../../../dialogs/diagnosis/session.ts';

let d: Diagnoser;
beforeAll(async () => {
  d = createDiagnoser((await loadKnowledge()).knowledge);
});

const kinds = (effects: Effect[]): string[] => effects.map((e) => (e.kind === 'say' ? `say:${e.reply.kind}` : e.kind));

describe('transition', () => {
  it('turns a message into ordered effects: the outcome is recorded before the next question is said', () => {
    let { session, effects } = transition(d, newSession(), { kind: 'message', input: { text: 'rdp says you need the right to sign in through remote desktop services' } });
    expect(kinds(effects)).toContain('say:fix');
    ({ session, effects } = transition(d, session, { kind: 'message', input: { text: 'no, still the same' } }));
    expect(kinds(effects)[0]).toBe('record-outcome');
    expect(session.fixesTried).toHaveLength(1);
  });

  it('says the hand-off first and then starts it, so the person reads why before the event goes out', () => {
    const { session, effects } = transition(d, newSession(), { kind: 'message', input: { text: 'can I talk to a person please' } });
    expect(session.phase).toBe('handed-off');
    expect(kinds(effects).at(-1)).toBe('hand-off');
    expect(kinds(effects)).toContain('say:handoff');
  });

  it('decides what a platform handoff.status means: accepted, completed (asks if solved), failed (our desk), and nothing when not handed off', () => {
    const handedOff: Session = { ...newSession(), phase: 'handed-off' };
    expect(transition(d, newSession(), { kind: 'handoff-status', state: 'failed' }).effects).toEqual([]);
    expect(transition(d, handedOff, { kind: 'handoff-status', state: 'accepted' }).session.handoff?.status).toBe('active');
    const completed = transition(d, handedOff, { kind: 'handoff-status', state: 'completed' });
    expect(completed.session.phase).toBe('agent-verify');
    expect(kinds(completed.effects)).toEqual(['say:message', 'say:verify']);
    const failed = transition(d, handedOff, { kind: 'handoff-status', state: 'failed' });
    expect(failed.effects).toEqual([{ kind: 'say', reply: { kind: 'message', id: 'handoff-failed' } }, { kind: 'queue-on-desk', reason: 'requested' }]);
    expect(transition(d, handedOff, { kind: 'handoff-status', state: 'whatever' }).effects).toEqual([]);
  });

  it('relays what the person writes while an agent has the case, and closes the case on restart', () => {
    const active: Session = { ...newSession(), phase: 'handed-off', handoff: { caseId: 'case-1', status: 'active' } };
    expect(transition(d, active, { kind: 'message', input: { text: 'still broken' } }).effects).toEqual([{ kind: 'relay', caseId: 'case-1', text: 'still broken' }]);
    expect(kinds(transition(d, active, { kind: 'message', input: { text: 'restart' } }).effects)).toEqual(['close-case', 'say:message']);
  });
});

describe('the hand-off brief', () => {
  it('tells the agent which fixes the person had tried before the chat from the ones the bot proposed', async () => {
    const { summarise } = await import('../../../dialogs/diagnosis/summary.ts');
    const { caseLines } = await import('../../../dialogs/handoff/deskWording.ts');
    const { contextVariables, messageToAgent } = await import('../../../dialogs/handoff/platforms.ts');
    const { wordingOf } = await import('../../../dialogs/diagnosis/wording.ts');
    const say = wordingOf(d.knowledge);
    const { session } = transition(d, newSession(), { kind: 'message', input: { text: '0x904 / 7 and event 1057 in the System log. We already fixed the permissions on the machine keys folder' } });
    expect(session.phase).toBe('handed-off');
    const summary = summarise(d, session, 'failed-fixes');
    const tried = summary.fixesTried.find((f) => f.fixId === 'repair-machinekeys-permissions');
    expect(tried).toMatchObject({ outcome: 'failed', before: true });
    const before = say('desk-outcome-failed-before');
    const lines = caseLines(say, { id: 'c', status: 'queued', reference: {}, channelId: 'webchat', locale: 'en-US', diagnosis: summary, messages: [], transcript: [], queuedAt: new Date(0).toISOString() });
    expect(lines.filter((line) => line.includes(before))).toEqual([say('desk-tried', { title: tried?.title ?? '', outcome: before })]);
    expect(messageToAgent(say, summary, 'webchat')).toContain(before);
    expect(contextVariables(summary).rdp_fixes_tried).toContain('before the chat');
    // A fix the bot proposed and the person said failed is not "before".
    let next = transition(d, newSession(), { kind: 'message', input: { text: 'rdp says you need the right to sign in through remote desktop services' } }).session;
    next = transition(d, next, { kind: 'message', input: { text: 'no, still the same' } }).session;
    expect(summarise(d, next, 'failed-fixes').fixesTried.every((f) => !f.before)).toBe(true);
    expect(caseLines(say, { id: 'c', status: 'queued', reference: {}, channelId: 'webchat', locale: 'en-US', diagnosis: summarise(d, next, 'failed-fixes'), messages: [], transcript: [], queuedAt: new Date(0).toISOString() }).join('\n')).not.toContain(before);
  });
});
