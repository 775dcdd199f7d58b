import type { Answer, Utterances, Vocabulary } from '../knowledgeTypes.ts';
import { anyPhrase, normalise, WORD_END, WORD_START, wordsOf } from './normalise.ts';

export type AnswerParser = {
  parse(text: string): Answer | undefined;
  /** How a reply that tells its story first ends ("I enabled it and it works now"): a fix's verdict, not an answer. */
  closing(text: string): 'yes' | 'no' | undefined;
};

/**
 * Reads yes / no / not sure from a reply with the vocabulary's answer words, after any fillers at its start ("well,
 * it's yes"): doubt anywhere means not sure;
 * otherwise the opening words decide ("yep, it's in azure"); otherwise a whole-reply match against the
 * knowledge's answer phrases. `closing` reads the last words of a longer reply, for a fix's verdict only ("I enabled
 * remote desktop and it works now" answers "did that fix it?", not "can others connect?").
 */
export function buildAnswerParser(utterances: Utterances, words: Vocabulary['answers']): AnswerParser {
  const filler = new RegExp(`^(?:${anyPhrase(words.fillers)}[,\\s]+)+`, 'u');
  const unsure = new RegExp(`${WORD_START}${anyPhrase(words.unsure)}${WORD_END}`, 'u');
  // A yes word right before "not" does not decide ("definitely not fixed"; the no words have that phrase).
  const yes = new RegExp(`^${anyPhrase(words.yes)}${WORD_END}(?! not${WORD_END})`, 'u');
  const no = new RegExp(`^${anyPhrase(words.no)}${WORD_END}`, 'u');
  // The last words of a reply that tells its story first ("I enabled it and it works now"); not "it's not working now".
  const closing = (phrases: readonly string[] | undefined): RegExp | undefined =>
    phrases && phrases.length > 0 ? new RegExp(`(?<!(?:\\bnot|n't|\\bno longer) )${WORD_START}${anyPhrase(phrases)}[\\s.!]*$`, 'u') : undefined;
  const closingYes = closing(words.closing?.yes);
  const closingNo = closing(words.closing?.no);
  const exact = new Map<string, Answer>();
  for (const answer of ['yes', 'no', 'unsure'] as const) {
    for (const phrase of utterances.answers[answer]) exact.set(wordsOf(phrase).join(' '), answer);
  }
  return {
    parse(text) {
      const t = normalise(text).replace(filler, '');
      if (t === '') return undefined;
      if (unsure.test(t)) return 'unsure';
      if (yes.test(t)) return 'yes';
      if (no.test(t)) return 'no';
      return exact.get(wordsOf(t).join(' '));
    },
    closing(text) {
      const t = normalise(text);
      if (closingNo?.test(t)) return 'no';
      if (closingYes?.test(t)) return 'yes';
      return undefined;
    },
  };
}
