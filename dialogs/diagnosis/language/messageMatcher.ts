import { JaroWinklerDistance } from 'natural/lib/natural/distance/index.js';
import type { ErrorEntry } from '../knowledgeTypes.ts';
import type { Lexicon } from './lexicon.ts';
import { wordsOf } from './normalise.ts';

const MIN_COVERAGE = 0.8;
const FUZZY_MIN_LENGTH = 5;
const FUZZY_THRESHOLD = 0.92;
/** Messages this short ("doesn't turn on") must appear close together (any order): as a bag of words they match anything. */
const SHORT_MESSAGE = 4;
const SHORT_SLACK = 2;

type CompiledMessage = { errorId: string; words: string[] };

export type MessageMatcher = { match(text: string): string[] };

/** Content words of a text: canonical (stems, synonyms, negators as "not"), stop words dropped. */
export function contentWords(text: string, lexicon: Lexicon): string[] {
  return wordsOf(lexicon.canonicalText(text)).filter((w) => !lexicon.isStopWord(w));
}

/**
 * Matches pasted or paraphrased dialog texts fuzzily: a long message matches when the words it shares with the
 * text (long words also with small typos) carry at least 80% of its weight, each word weighted by how rare it is
 * among the knowledge's messages (a broad word like "error" counts little); a short one when its words appear
 * close together, in any order ("isn't authorised for remote login" = "not allowed to log on remotely"). When one matched message says
 * everything a shorter one of another error says and more, only the longer one counts ("CredSSP required by
 * server" is not the CredSSP update dialog). Returns the matching error ids.
 */
export function buildMessageMatcher(errors: readonly ErrorEntry[], lexicon: Lexicon): MessageMatcher {
  const compiled: CompiledMessage[] = errors.flatMap((e) => e.messages.map((m) => ({ errorId: e.id, words: [...new Set(contentWords(m, lexicon))] })));
  const errorsWith = new Map<string, Set<string>>();
  for (const m of compiled) for (const w of m.words) errorsWith.set(w, (errorsWith.get(w) ?? new Set()).add(m.errorId));
  const weight = (w: string): number => Math.log(1 + errors.length / (errorsWith.get(w)?.size ?? 1));
  return {
    match(text) {
      const words = contentWords(text, lexicon);
      const best = new Map<string, string[]>();
      for (const message of compiled) {
        if (message.words.length === 0) continue;
        if (message.words.length <= SHORT_MESSAGE) {
          if (together(message.words, words) && message.words.length > (best.get(message.errorId)?.length ?? 0)) best.set(message.errorId, message.words);
          continue;
        }
        const hits = message.words.filter((w) => words.some((candidate) => sameWord(w, candidate)));
        const total = message.words.reduce((sum, w) => sum + weight(w), 0);
        const covered = hits.reduce((sum, w) => sum + weight(w), 0);
        const enough = covered / total >= MIN_COVERAGE;
        if (enough && hits.length > (best.get(message.errorId)?.length ?? 0)) best.set(message.errorId, hits);
      }
      return [...best].filter(([id, hits]) => ![...best].some(([other, more]) => other !== id && more.length > hits.length && hits.every((w) => more.includes(w)))).map(([id]) => id);
    },
  };
}

/** True when all the words occur close together (within their count plus SHORT_SLACK words), in any order. */
function together(expected: readonly string[], words: readonly string[]): boolean {
  const span = expected.length + SHORT_SLACK;
  return words.some((_, start) => {
    const window = words.slice(start, start + span);
    return sameWord(expected[0] ?? '', window[0] ?? '') && expected.every((w) => window.some((x) => sameWord(w, x)));
  });
}

function sameWord(expected: string, actual: string): boolean {
  if (expected === actual) return true;
  if (expected.length < FUZZY_MIN_LENGTH || actual.length < FUZZY_MIN_LENGTH) return false;
  return JaroWinklerDistance(expected, actual, {}) >= FUZZY_THRESHOLD;
}
