import JaroWinklerDistance from 'natural/lib/natural/distance/jaro-winkler_distance.js';
import type { ErrorEntry } from '../knowledgeTypes.ts';
import { NOT, type Lexicon } from './lexicon.ts';
import { wordsOf } from './normalise.ts';

const MIN_COVERAGE = 0.8;
const FUZZY_MIN_LENGTH = 5;
const FUZZY_THRESHOLD = 0.92;
/** Messages this short ("doesn't turn on") must appear close together (any order): as a bag of words they match anything. */
const SHORT_MESSAGE = 4;
const SHORT_SLACK = 2;
/** Messages this short match only word for word and in order, at most one other word between two of them. */
const EXACT_MESSAGE = 2;

type CompiledMessage = { errorId: string; words: string[]; weights: number[]; total: number };

/** Text words remembered with the message words they match fuzzily; past this many the memory starts again. */
const FUZZY_MEMORY = 5000;

export type MessageMatcher = { match(text: string): string[] };

/** Where a text's segments end: a comma, semicolon, question or exclamation mark, line break, or a full stop or colon before a space. */
const SEGMENT_END = /[,;!?\n]+|[.:](?=\s|$)/u;
/** Stands between two segments' words: no message word matches it, and no negation reaches across it. */
const SEGMENT_BREAK = '.';
const NOTHING: ReadonlySet<string> = new Set();

/**
 * Content words segment by segment, with SEGMENT_BREAK between segments: "I can't, it says 'the logon attempt
 * failed'" loses "it says" (stop words), and the person's "can't" must not reach the message across the comma.
 */
function contentWordsBySegment(text: string, lexicon: Lexicon): string[] {
  const words: string[] = [];
  for (const segment of text.split(SEGMENT_END)) {
    const some = contentWords(segment, lexicon);
    if (some.length === 0) continue;
    if (words.length > 0) words.push(SEGMENT_BREAK);
    words.push(...some);
  }
  return words;
}

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
 * server" is not the CredSSP update dialog). Returns the matching error ids. `texts` picks which of an entry's texts
 * are matched: its English `messages` (the default), or the `localizedMessages` of Windows in other languages.
 */
export function buildMessageMatcher(errors: readonly ErrorEntry[], lexicon: Lexicon, texts: (error: ErrorEntry) => readonly string[] = (e) => e.messages): MessageMatcher {
  const messageWords = errors.flatMap((e) => texts(e).map((m) => ({ errorId: e.id, words: [...new Set(contentWords(m, lexicon))] })));
  const errorsWith = new Map<string, Set<string>>();
  for (const m of messageWords) for (const w of m.words) errorsWith.set(w, (errorsWith.get(w) ?? new Set()).add(m.errorId));
  const weight = (w: string): number => Math.log(1 + errors.length / (errorsWith.get(w)?.size ?? 1));
  const compiled: CompiledMessage[] = messageWords.map((m) => ({ ...m, weights: m.words.map(weight), total: m.words.reduce((sum, w) => sum + weight(w), 0) }));
  const vocabulary = [...errorsWith.keys()];
  // sameWord(message word, text word), worked out once per text word against every message word.
  const fuzzy = new Map<string, Set<string>>();
  const matchedBy = (word: string): Set<string> => {
    let found = fuzzy.get(word);
    if (!found) {
      if (fuzzy.size >= FUZZY_MEMORY) fuzzy.clear();
      found = new Set(vocabulary.filter((w) => sameWord(w, word)));
      fuzzy.set(word, found);
    }
    return found;
  };
  return {
    match(text) {
      const words = contentWordsBySegment(text, lexicon);
      const sets = words.map((w) => (w === SEGMENT_BREAK ? NOTHING : matchedBy(w)));
      const anywhere = new Set(sets.flatMap((set) => [...set]));
      const best = new Map<string, string[]>();
      for (const message of compiled) {
        if (message.words.length === 0) continue;
        if (message.words.length <= SHORT_MESSAGE) {
          if (message.words.every((w) => anywhere.has(w)) && together(message.words, sets, words, lexicon) && message.words.length > (best.get(message.errorId)?.length ?? 0)) best.set(message.errorId, message.words);
          continue;
        }
        let covered = 0;
        const hits: string[] = [];
        message.words.forEach((w, i) => {
          if (!anywhere.has(w)) return;
          hits.push(w);
          covered += message.weights[i] ?? 0;
        });
        const enough = covered / message.total >= MIN_COVERAGE && near(message, sets);
        if (enough && hits.length > (best.get(message.errorId)?.length ?? 0)) best.set(message.errorId, hits);
      }
      return [...best].filter(([id, hits]) => ![...best].some(([other, more]) => other !== id && more.length > hits.length && hits.every((w) => more.includes(w)))).map(([id]) => id);
    },
  };
}

/** How many text words a long message may spread over, beyond its own count: a retold dialog, not words from all over a post. */
const LONG_SPREAD = 2;
const LONG_SLACK = 6;

/**
 * True when enough of a long message's words (MIN_COVERAGE of its weight) occur within a stretch of the text about
 * the message's length (LONG_SPREAD times its words, plus LONG_SLACK): a forum post that says "only", "standard"
 * and "security" in three different paragraphs does not retell "the server only offers standard RDP security".
 */
function near(message: CompiledMessage, sets: ReadonlyArray<ReadonlySet<string>>): boolean {
  const span = message.words.length * LONG_SPREAD + LONG_SLACK;
  for (let start = 0; start < sets.length; start += 1) {
    if (!message.words.some((w) => sets[start]?.has(w))) continue;
    const end = Math.min(sets.length, start + span);
    let covered = 0;
    message.words.forEach((w, i) => {
      for (let at = start; at < end; at += 1) {
        if (sets[at]?.has(w)) {
          covered += message.weights[i] ?? 0;
          return;
        }
      }
    });
    if (covered / message.total >= MIN_COVERAGE) return true;
  }
  return false;
}

/**
 * True when the message's words occur close together (within their count plus SHORT_SLACK words), in any order, and
 * are not negated: no negator among them unless the message has one of its own, and none just before them with
 * only pass-through words between ("no bsod", "not a blue screen"), while the person's own "can't" before other
 * words does not count ("I can't RDP, it says the logon attempt failed"); nor do words across a clause break ("the
 * gateway works but I get access denied on the share"). A message's own negator must stand right
 * before the word it negates ("doesn't turn on" is not "not enabled, computer turned off"). Messages of one or two
 * words match only as written and in order, at most one word apart: "internal error" is not "over the internet,
 * error 0x204", while "the password for this account has expired" is "the password has expired". `sets[i]` holds
 * the message words text word i matches, `words[i]` is text word i.
 */
function together(expected: readonly string[], sets: ReadonlyArray<ReadonlySet<string>>, words: readonly string[], lexicon: Pick<Lexicon, 'isNegated' | 'isClauseBreak'>): boolean {
  const span = expected.length + SHORT_SLACK;
  const own = expected.indexOf(NOT);
  return sets.some((first, start) => {
    if (!first.has(expected[0] ?? '')) return false;
    if (expected.length <= EXACT_MESSAGE && !inOrder(expected, words, start)) return false;
    const window = sets.slice(start, start + span);
    const at = expected.map((w) => window.findIndex((x) => x.has(w)));
    if (at.some((i) => i < 0)) return false;
    const matched = words.slice(start, start + Math.max(...at) + 1);
    if (matched.some(lexicon.isClauseBreak)) return false;
    if (own >= 0) {
      const negated = at[own + 1];
      return negated === undefined || words[start + negated - 1] === NOT;
    }
    // No problem verb exempts it here: "no bsod" is negated whatever the message's first word.
    return !matched.includes(NOT) && !lexicon.isNegated(words.slice(0, start), '');
  });
}

/** The words as written (no typos), in order from `start`, at most one other word between two of them. */
function inOrder(expected: readonly string[], words: readonly string[], start: number): boolean {
  let at = start;
  for (const [k, w] of expected.entries()) {
    if (k > 0) at = words[at + 1] === w ? at + 1 : words[at + 2] === w ? at + 2 : -1;
    if (at < 0 || words[at] !== w) return false;
  }
  return true;
}

function sameWord(expected: string, actual: string): boolean {
  if (expected === actual) return true;
  if (expected.length < FUZZY_MIN_LENGTH || actual.length < FUZZY_MIN_LENGTH) return false;
  return JaroWinklerDistance(expected, actual, {}) >= FUZZY_THRESHOLD;
}
