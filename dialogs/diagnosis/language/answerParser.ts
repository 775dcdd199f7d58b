import type { Answer, Utterances } from '../knowledgeTypes.ts';
import { normalise, wordsOf } from './normalise.ts';

const UNSURE = /\b(not sure|unsure|not certain|don'?t know|dunno|no idea|no clue|can'?t tell|cannot tell|idk|hard to say|who knows|maybe|perhaps|possibly|not 100%)\b/;
const YES_START = /^(yes|y|yeah|yep|yup|yea|ya|sure|correct|right|affirmative|indeed|absolutely|definitely|certainly|exactly|true|ok yes|of course|i think so|i believe so|it is|it does|i am|we are|it has|probably|pretty sure|it works|it worked|works now|that worked|that fixed it|fixed|solved|resolved|all good)\b/;
const NO_START = /^(no|n|nope|nah|negative|never|not really|not at all|i don'?t think so|don'?t think so|false|none|nothing|it isn'?t|it doesn'?t|it is not|it does not|i'?m not|we'?re not|still|didn'?t|did not|doesn'?t|wrong|not|same error|same problem)\b/;

export type AnswerParser = { parse(text: string): Answer | undefined };

/**
 * Reads yes / no / not sure from a reply: doubt anywhere means not sure; otherwise the opening words
 * decide ("yep, it's in azure"); otherwise a whole-reply match against the knowledge's answer phrases.
 */
export function buildAnswerParser(utterances: Utterances): AnswerParser {
  const exact = new Map<string, Answer>();
  for (const answer of ['yes', 'no', 'unsure'] as const) {
    for (const phrase of utterances.answers[answer]) exact.set(wordsOf(phrase).join(' '), answer);
  }
  return {
    parse(text) {
      const t = normalise(text).replace(/^(well|hmm+|um+|uh+|ok|okay|so|oh)[,\s]+/, '');
      if (t === '') return undefined;
      if (UNSURE.test(t)) return 'unsure';
      if (YES_START.test(t)) return 'yes';
      if (NO_START.test(t)) return 'no';
      return exact.get(wordsOf(t).join(' '));
    },
  };
}
