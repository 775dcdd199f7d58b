import type { Activity } from 'botbuilder';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../bot/loadKnowledge.ts';
import { createDiagnoser, type Diagnoser } from '../../../dialogs/diagnosis/diagnoser.ts';
import type { Knowledge } from '../../../dialogs/diagnosis/knowledgeTypes.ts';
import type { Reply } from '../../../dialogs/diagnosis/session.ts';
import { renderReplies } from '../../../dialogs/render/renderReplies.ts';
import { pseudoMessages, shownContent, strayWords } from '../../helpers/pseudoLocale.ts';

/** Every channel with its own renderer, and one nobody has checked (the fallback). */
const CHANNELS = ['msteams', 'webchat', 'directline', 'emulator', 'some-new-channel'];
const AGENT = { agent: 'Dana Agent', text: 'Please restart the computer now.' };

/** One or more replies of every kind the engine produces (the `satisfies` fails when a new kind has none). */
function everyReply(k: Knowledge): Record<Reply['kind'], Reply[]> {
  const causesOf = (fixId: string) => k.causes.filter((c) => c.fix === fixId).map((c) => c.id);
  return {
    message: [{ kind: 'message', id: 'handoff-queued', params: { position: '2' } }],
    'agent-text': [{ kind: 'agent-text', ...AGENT }],
    acknowledge: [
      {
        kind: 'acknowledge',
        errorIds: k.errors.map((e) => e.id),
        unknownCodes: ['0x1234'],
        unknownMessage: true,
        facts: k.questions.map((q, i) => ({ questionId: q.id, value: i % 2 === 0 ? 'yes' : 'no' })),
      },
    ],
    question: k.questions.map((q) => ({ kind: 'question', questionId: q.id, reprompt: false })),
    fix: k.fixes.flatMap((f) => [0.8, 0.3].map((p) => ({ kind: 'fix' as const, fixId: f.id, causeIds: causesOf(f.id), p }))),
    verify: [{ kind: 'verify', reprompt: true }],
    why: [
      { kind: 'why', causeId: k.causes[0]?.id ?? '', p: 0.6, reasons: ['⟦why-reported⟧', '⟦why-fact-yes⟧'] },
      { kind: 'why', reasons: [] },
    ],
    'offer-agent': [
      { kind: 'offer-agent', why: 'frustrated' },
      { kind: 'offer-agent', why: 'not-understood' },
    ],
    handoff: [{ kind: 'handoff', reason: 'requested' }],
  } satisfies Record<Reply['kind'], Reply[]>;
}

/** Everything a person sees of an activity: its text, its buttons, and the text of its cards. */
function shownText(activity: Partial<Activity>): string[] {
  const shown = [activity.text ?? ''];
  for (const action of activity.suggestedActions?.actions ?? []) shown.push(action.title ?? '', action.displayText ?? '', typeof action.value === 'string' ? action.value : '');
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node as unknown[]) visit(item);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const element = node as Record<string, unknown>;
    for (const key of ['text', 'title', 'altText', 'fallbackText', 'placeholder', 'label']) if (typeof element[key] === 'string') shown.push(element[key]);
    for (const [key, value] of Object.entries(element)) if (key !== 'data' && key !== 'codeSnippet') visit(value);
  };
  for (const attachment of activity.attachments ?? []) visit(attachment.content as unknown);
  return shown.filter((s) => s !== '');
}

describe('replies in a pseudo-locale', () => {
  let pseudo: Diagnoser;
  let content: string[];
  beforeAll(async () => {
    const k = (await loadKnowledge()).knowledge;
    pseudo = createDiagnoser({ ...k, messages: pseudoMessages(k.messages) });
    content = [...shownContent(k), AGENT.agent, AGENT.text];
  });

  it('shows no word that is not the knowledge wording or a knowledge value, on every channel and for every reply', () => {
    const replies = Object.values(everyReply(pseudo.knowledge)).flat();
    for (const channel of CHANNELS) {
      for (const reply of replies) {
        const shown = renderReplies(pseudo, [reply], channel).flatMap(shownText);
        expect(shown.length, `${channel} ${reply.kind} shows something`).toBeGreaterThan(0);
        expect(shown.flatMap((text) => strayWords(text, content)), `${channel} ${JSON.stringify(reply)}`).toEqual([]);
      }
    }
  });

  it('finds words typed into the code (the check itself can fail)', () => {
    expect(strayWords('⟦fix-cause ⟦fix-most-likely⟧ RDP 80⟧ · needs admin rights', ['RDP'])).toEqual(['needs', 'admin', 'rights']);
    expect(strayWords('⟦got-it {parts}⟧', [])).toEqual(['parts']);
  });
});
