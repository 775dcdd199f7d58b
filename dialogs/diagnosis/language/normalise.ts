/** Lower-cases, unifies quotes and dashes, and collapses white space, so phrases compare as people mean them. */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Words of normalised text: letters of any script, digits, apostrophes and inner hyphens or dots (0x904, wi-fi, über). */
export function wordsOf(text: string): string[] {
  return normalise(text).match(/[\p{L}\p{N}]+(?:['\-.][\p{L}\p{N}]+)*/gu) ?? [];
}

/** A text as a regular expression that matches it literally. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A phrase compiled: its pattern, and what a text cannot match it without (cheap tests before the pattern
 * runs): its plain words, and for each of its "(a|b c)" groups one word of each alternative.
 */
export type CompiledPhrase = { source: string; required: string[]; anyOf: string[][]; pattern?: RegExp };
const compiledPhrases = new Map<string, CompiledPhrase>();

/** Splits a phrase into words and groups: "(a|b c)" and "[x]" stay whole. */
function phraseParts(phrase: string): string[] {
  return normalise(phrase).match(/\([^)]*\)|\[[^\]]*\]|[^\s()[\]]+/g) ?? [];
}

/** One word of a phrase: "#" stands for any number (a port, an event id), "*" for any one word. */
function wordPattern(word: string): string {
  return word === '#' ? '\\p{N}+' : word === '*' ? ANY_WORD : escapeRegex(word);
}

/** Any one word, as wordsOf reads words: letters and digits, with inner apostrophes, hyphens or dots. */
const ANY_WORD = "[\\p{L}\\p{N}]+(?:['\\-.][\\p{L}\\p{N}]+)*";

function alternatives(body: string): string {
  return body
    .split('|')
    .map((alt) => alt.trim().split(/\s+/).map(wordPattern).join('\\s+'))
    .join('|');
}

/** The regular-expression body of a knowledge phrase, without the whole-word guards (see phrasePattern). */
export function phraseBody(phrase: string): string {
  return compileBody(phrase).body;
}

/**
 * The phrase's body, its plain words ("#" is any number and "*" any word, so neither is a word the text must
 * contain), and per group that is not optional the longest word of each alternative (none when an alternative is
 * only "#" or "*").
 */
function compileBody(phrase: string): { body: string; required: string[]; anyOf: string[][] } {
  let body = '';
  let started = false;
  const required: string[] = [];
  const anyOf: string[][] = [];
  for (const part of phraseParts(phrase)) {
    const optional = part.startsWith('[');
    const group = part.startsWith('(') || optional;
    if (!group && part !== '#' && part !== '*') required.push(part);
    if (group && !optional) {
      const longest = part
        .slice(1, -1)
        .split('|')
        .map((alt) => alt.trim().split(/\s+/).filter((w) => w !== '' && w !== '#' && w !== '*').sort((a, b) => b.length - a.length)[0]);
      if (longest.every((w) => w !== undefined)) anyOf.push(longest);
    }
    const inner = group ? `(?:${alternatives(part.slice(1, -1))})` : wordPattern(part);
    if (!started) {
      body += optional ? `(?:${inner}\\s+)?` : inner;
      started = !optional;
    } else {
      body += optional ? `(?:\\s+${inner})?` : `\\s+${inner}`;
    }
  }
  return { body, required, anyOf };
}

/** One group matching any of the phrases (whole words are the caller's business), for patterns built from word lists. */
export function anyPhrase(phrases: readonly string[]): string {
  return `(?:${phrases.map(phraseBody).join('|')})`;
}

/** Letters and digits of any script may not touch a whole word: the Unicode-aware \\b of phrase patterns. */
export const WORD_START = '(?<![\\p{L}\\p{N}])';
export const WORD_END = '(?![\\p{L}\\p{N}])';

/**
 * A whole-word pattern for a knowledge phrase. Besides plain words (any white space between them), a
 * phrase may hold "(a|b|c d)" for one of several words, "[x|y]" for optional words, "#" for any number and "*"
 * for any one word, e.g. "(other|another) (pc|computer) [can] connect", "listens on [port] # instead of 3389",
 * "rdp to [*] pc dead".
 */
export function phrasePattern(phrase: string): RegExp {
  return patternOf(compiledPhrase(phrase));
}

/** The phrase's pattern, built when first needed: most phrases are settled by their required words alone. */
function patternOf(compiled: CompiledPhrase): RegExp {
  compiled.pattern ??= new RegExp(compiled.source, 'gu');
  return compiled.pattern;
}

/** The phrase compiled once (kept for the process: knowledge phrases only), for `findCompiled`. */
export function compiledPhrase(phrase: string): CompiledPhrase {
  let compiled = compiledPhrases.get(phrase);
  if (compiled) return compiled;
  const { body, required, anyOf } = compileBody(phrase);
  compiled = { source: `${WORD_START}${body}${WORD_END}`, required: required.sort((a, b) => b.length - a.length), anyOf };
  compiledPhrases.set(phrase, compiled);
  return compiled;
}

/** Start and end offsets of every whole-word occurrence of `phrase` in normalised text. */
export function findPhrase(normalisedText: string, phrase: string): Array<[number, number]> {
  return findCompiled(normalisedText, compiledPhrase(phrase));
}

/** findPhrase for a phrase compiled beforehand. */
export function findCompiled(normalisedText: string, compiled: CompiledPhrase): Array<[number, number]> {
  // Most phrases miss most texts: a plain word of the phrase that is not in the text settles it without the
  // pattern, and so does a group none of whose alternatives is (each alternative's longest word stands for it).
  for (const word of compiled.required) if (!normalisedText.includes(word)) return [];
  for (const words of compiled.anyOf) if (!words.some((word) => normalisedText.includes(word))) return [];
  const pattern = patternOf(compiled);
  pattern.lastIndex = 0;
  const spans: Array<[number, number]> = [];
  for (const match of normalisedText.matchAll(pattern)) spans.push([match.index, match.index + match[0].length]);
  return spans;
}

/**
 * Which of a fixed set of compiled phrases a text may contain, found by looking the text's words up instead of
 * trying every phrase: for the fact extractor's hundreds of phrases against a clause of a dozen words. A phrase
 * is filed under one run of letters and digits it cannot match without: the longest run of its plain words, or
 * failing those, one run per alternative of one of its groups; a phrase with neither (only optional words and
 * numbers) is always a candidate. A match of a phrase starts and ends at a word boundary and has white space
 * between its words, so every run of its words' letters and digits is a whole run of the text's: a text
 * without the run cannot match. Candidates still need `findCompiled`.
 */
export type PhraseIndex = { candidates(normalisedText: string): ReadonlySet<CompiledPhrase> };

const RUN = /[\p{L}\p{N}]+/gu;

function longestRun(words: readonly string[]): string | undefined {
  let longest: string | undefined;
  for (const word of words) for (const run of word.match(RUN) ?? []) if (run.length > (longest?.length ?? 0)) longest = run;
  return longest;
}

export function phraseIndex(phrases: Iterable<CompiledPhrase>): PhraseIndex {
  const byRun = new Map<string, CompiledPhrase[]>();
  const always: CompiledPhrase[] = [];
  const file = (run: string, phrase: CompiledPhrase): void => {
    const list = byRun.get(run);
    if (!list) byRun.set(run, [phrase]);
    else if (!list.includes(phrase)) list.push(phrase);
  };
  for (const phrase of phrases) {
    const run = longestRun(phrase.required);
    if (run !== undefined) {
      file(run, phrase);
      continue;
    }
    const group = phrase.anyOf.map((alternatives) => alternatives.map((word) => longestRun([word]))).find((runs): runs is string[] => runs.every((r) => r !== undefined));
    if (group) for (const r of group) file(r, phrase);
    else always.push(phrase);
  }
  return {
    candidates(normalisedText) {
      const found = new Set<CompiledPhrase>(always);
      for (const run of normalisedText.match(RUN) ?? []) for (const phrase of byRun.get(run) ?? []) found.add(phrase);
      return found;
    },
  };
}

/** True when normalised text contains the phrase as whole words. */
export function hasPhrase(normalisedText: string, phrase: string): boolean {
  return findPhrase(normalisedText, phrase).length > 0;
}

/**
 * Puts back what voice typing wrote for a word ("the V P N", "pass word"): each variant of `words` (word → its
 * variants) as whole words in any case, the longest first, replaced by its word. Without variants, the text itself.
 */
export function dictationReader(words: Readonly<Record<string, readonly string[]>> = {}): (text: string) => string {
  const wordOf = new Map<string, string>();
  for (const [word, variants] of Object.entries(words)) for (const variant of variants) wordOf.set(normalise(variant), word);
  if (wordOf.size === 0) return (text) => text;
  const variants = [...wordOf.keys()].sort((a, b) => b.length - a.length).map((v) => v.split(' ').map(escapeRegex).join('\\s+'));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${variants.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  return (text) => text.replace(pattern, (found) => wordOf.get(normalise(found)) ?? found);
}
