import type { Question } from '../knowledgeTypes.ts';
import { findPhrase, normalise } from './normalise.ts';

export type FactValue = 'yes' | 'no';
export type ExtractedFact = { questionId: string; value: FactValue; phrase: string };

const NEGATORS = new Set(['not', 'no', 'never', 'without', "isn't", "aren't", "wasn't", "weren't", "don't", "doesn't", "didn't", "haven't", "hasn't", "can't", 'cannot', "won't", 'isnt', 'dont', 'doesnt', 'didnt', 'cant', 'nor', 'neither']);
const NEGATION_WINDOW = 3;
/** Words that may stand between a negator and the phrase it negates ("not on the vpn", "isn't an azure vm"). */
const FILLER = new Set('a an the my our your this that it its any be been being is are was were on in at to using use used connected through via over with even really currently actually'.split(' '));
/** A negator right before one of these states the problem ("can't connect to the azure vm"), not the fact. */
const PROBLEM_VERB = /^(?:connect\w*|reach\w*|rdp|remote|access\w*|log|login|sign|work\w*|find)$/;
/** Clause boundaries: negation and doubt do not reach across them. */
const CLAUSE_BREAK = /[,.;:!?()]|\bbut\b|\bhowever\b|\band\b|\bthough\b/g;
const DOUBT = /\b(not sure|unsure|don't know|dont know|no idea|no clue|maybe|perhaps|wonder|whether)\b/;

/**
 * Finds facts stated in free text from each question's yes / no phrases. A yes phrase with a negation just
 * before it in the same clause counts as no ("not on vpn"); a phrase in a doubtful clause ("not sure if
 * it's an azure vm") counts as nothing. When a fact is stated twice, the later statement wins.
 */
export function extractFacts(text: string, questions: readonly Question[]): ExtractedFact[] {
  const t = normalise(text);
  const facts: ExtractedFact[] = [];
  for (const question of questions) {
    if (question.kind !== 'yes-no') continue;
    const found = findMentions(t, question);
    const last = found.sort((a, b) => a.at - b.at).at(-1);
    if (last) facts.push({ questionId: question.id, value: last.value, phrase: last.phrase });
  }
  return facts;
}

type Mention = { at: number; value: FactValue; phrase: string };

function findMentions(t: string, question: Question): Mention[] {
  const mentions: Mention[] = [];
  const covered: Array<[number, number]> = [];
  for (const phrase of longestFirst(question.phrases.no)) {
    for (const span of findPhrase(t, phrase)) {
      if (overlaps(covered, span) || isDoubtful(t, span[0])) continue;
      covered.push(span);
      mentions.push({ at: span[0], value: 'no', phrase });
    }
  }
  for (const phrase of longestFirst(question.phrases.yes)) {
    for (const span of findPhrase(t, phrase)) {
      if (overlaps(covered, span) || isDoubtful(t, span[0])) continue;
      covered.push(span);
      mentions.push({ at: span[0], value: isNegated(t, span[0]) ? 'no' : 'yes', phrase });
    }
  }
  return mentions;
}

function longestFirst(phrases: readonly string[]): string[] {
  return [...phrases].sort((a, b) => b.length - a.length);
}

function overlaps(spans: Array<[number, number]>, [start, end]: [number, number]): boolean {
  return spans.some(([s, e]) => start < e && s < end);
}

/** The part of the clause before `offset`. */
function clauseBefore(t: string, offset: number): string {
  const before = t.slice(0, offset);
  let start = 0;
  for (const match of before.matchAll(CLAUSE_BREAK)) start = match.index + match[0].length;
  return before.slice(start);
}

function isNegated(t: string, offset: number): boolean {
  const words = clauseBefore(t, offset).trim().split(/\s+/).filter(Boolean);
  const start = Math.max(0, words.length - NEGATION_WINDOW);
  return words.slice(start).some((w, i) => {
    const between = words.slice(start + i + 1);
    const next = between[0] ?? /^\S+/.exec(t.slice(offset))?.[0] ?? '';
    return (NEGATORS.has(w) || w.endsWith("n't")) && !PROBLEM_VERB.test(next) && between.every((x) => FILLER.has(x));
  });
}

function isDoubtful(t: string, offset: number): boolean {
  return DOUBT.test(clauseBefore(t, offset));
}
