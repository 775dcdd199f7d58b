import { JaroWinklerDistance } from 'natural/lib/natural/distance/index.js';
import { PorterStemmer } from 'natural/lib/natural/stemmers/index.js';
import type { ErrorEntry } from '../knowledgeTypes.ts';
import { wordsOf } from './normalise.ts';

/** Words that carry no meaning for matching dialog texts ("not" and "no" do, so they stay). */
const STOPWORDS = new Set(
  'a an the to of for is are was be been this that these those your you my me i it its it\'s there in on at by with and or as has have had please so because could due which do does did says said shows get got'.split(' '),
);
const MIN_COVERAGE = 0.8;
const FUZZY_MIN_LENGTH = 5;
const FUZZY_THRESHOLD = 0.92;

type CompiledMessage = { errorId: string; words: string[] };

export type MessageMatcher = { match(text: string): string[] };

/** Content words of a text, possessives dropped and Porter-stemmed ("gateway's" → gateway, "listed" → list). */
export function contentWords(text: string): string[] {
  return wordsOf(text)
    .map((w) => w.replace(/'s$/, ''))
    .filter((w) => !STOPWORDS.has(w))
    .map((w) => PorterStemmer.stem(w));
}

/**
 * Matches pasted or paraphrased dialog texts fuzzily: a message matches when at least 80% of its content
 * words appear in the text (long words also with small typos). Returns the matching error ids.
 */
export function buildMessageMatcher(errors: readonly ErrorEntry[]): MessageMatcher {
  const compiled: CompiledMessage[] = errors.flatMap((e) => e.messages.map((m) => ({ errorId: e.id, words: contentWords(m) })));
  return {
    match(text) {
      const words = contentWords(text);
      const found = new Set<string>();
      for (const message of compiled) {
        if (found.has(message.errorId) || message.words.length === 0) continue;
        const hits = message.words.filter((w) => words.some((candidate) => sameWord(w, candidate))).length;
        const enough = message.words.length === 1 ? hits === 1 : hits >= 2 && hits / message.words.length >= MIN_COVERAGE;
        if (enough) found.add(message.errorId);
      }
      return [...found];
    },
  };
}

function sameWord(expected: string, actual: string): boolean {
  if (expected === actual) return true;
  if (expected.length < FUZZY_MIN_LENGTH || actual.length < FUZZY_MIN_LENGTH) return false;
  return JaroWinklerDistance(expected, actual, {}) >= FUZZY_THRESHOLD;
}
