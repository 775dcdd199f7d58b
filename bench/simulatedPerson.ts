// A simulated person with one Remote Desktop cause, answering as the knowledge's likelihoods say: the
// diagnosis benchmark's effort table and the realistic traffic of `npm run bench` both come from it.
import type { Diagnoser } from '../dialogs/diagnosis/diagnoser.ts';
import type { Knowledge } from '../dialogs/diagnosis/knowledgeTypes.ts';
import { transition } from '../dialogs/diagnosis/engine.ts';
import { newSession, type Session } from '../dialogs/diagnosis/session.ts';

const MAX_TURNS = 25;
export const GENERIC_OPENING = 'remote desktop does not work';
export const CONFIRMATION = 'yes, that fixed it';

/** Small seeded PRNG (mulberry32) so every run of a benchmark sees the same people. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Person = {
  knowledge: Knowledge;
  diagnoser: Diagnoser;
  /** P(reported error | cause), from `errorLikelihoods`. */
  reports: Map<string, Map<string, number>>;
  random: () => number;
  /** Called with the milliseconds of every engine decision (one `transition`). */
  onDecision?: (ms: number) => void;
};

/** What the conversation came to: answers given (not counting the opening), whether the right fix came, and every text sent. */
export type Conversation = { turns: number; solved: boolean; texts: string[] };

/** Plays one person with `causeId` through the engine, from `opening`, until a fix for the cause, a hand-off or MAX_TURNS. */
export function converse(person: Person, causeId: string, opening: string): Conversation {
  const { knowledge, diagnoser } = person;
  const cause = knowledge.causes.find((c) => c.id === causeId);
  if (!cause) throw new Error(causeId);
  let session: Session = newSession();
  const texts = [opening];
  for (let turns = 0; turns < MAX_TURNS; turns += 1) {
    const started = performance.now();
    const result = transition(diagnoser, session, { kind: 'message', input: { text: texts.at(-1) ?? '' } });
    person.onDecision?.(performance.now() - started);
    session = result.session;
    const replies = result.effects.flatMap((e) => (e.kind === 'say' ? [e.reply] : []));
    const fix = replies.find((r) => r.kind === 'fix');
    const question = replies.find((r) => r.kind === 'question');
    if (result.effects.some((e) => e.kind === 'hand-off')) return { turns, solved: cause.outOfScope, texts };
    if (fix?.kind === 'fix' && fix.causeIds.includes(causeId)) return { turns, solved: true, texts: [...texts, CONFIRMATION] };
    if (fix?.kind === 'fix') texts.push('no');
    else if (question?.kind === 'question') texts.push(answer(person, causeId, question.questionId));
    else texts.push('not sure');
  }
  return { turns: MAX_TURNS, solved: false, texts };
}

function answer(person: Person, causeId: string, questionId: string): string {
  const { knowledge, random } = person;
  const cause = knowledge.causes.find((c) => c.id === causeId);
  const q = knowledge.questions.find((x) => x.id === questionId);
  if (!q || !cause) throw new Error(questionId);
  if (random() < q.unsureRate) return 'not sure';
  if (q.kind === 'error-code') return sampleReport(person, causeId);
  return random() < (cause.evidence[q.id] ?? q.otherwise) ? 'yes' : 'no';
}

/** What a person with this cause reports when asked for the code: an entry drawn by P(report | cause). */
export function sampleReport(person: Person, causeId: string): string {
  const { knowledge, random } = person;
  let r = random();
  for (const [errorId, p] of person.reports.get(causeId) ?? []) {
    r -= p;
    if (r <= 0) {
      const error = knowledge.errors.find((e) => e.id === errorId);
      if (error?.generic) return "I don't have a code";
      return error?.code ? error.code.hex : (error?.messages[0] ?? 'not sure');
    }
  }
  return 'not sure';
}

/** A cause drawn by the knowledge's priors. */
export function sampleCause(knowledge: Knowledge, random: () => number): string {
  const total = knowledge.causes.reduce((sum, c) => sum + c.prior, 0);
  let r = random() * total;
  for (const cause of knowledge.causes) {
    r -= cause.prior;
    if (r <= 0) return cause.id;
  }
  return knowledge.causes.at(-1)?.id ?? '';
}
