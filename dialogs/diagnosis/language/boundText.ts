/** Longest message the diagnosis reads; a pasted dialog or a description fits well within it. */
export const MAX_TEXT_CHARS = 2000;
/** Longest word the diagnosis reads; error codes, paths and host names fit, a pasted blob does not. */
export const MAX_WORD_CHARS = 64;

const LONG_WORD = new RegExp(`\\S{${MAX_WORD_CHARS + 1},}`, 'g');

export type BoundedText = { text: string; truncated: boolean };

/**
 * The start of a message cut to MAX_TEXT_CHARS, with every word cut to MAX_WORD_CHARS, so understanding
 * (stemming, fuzzy matching, the classifier, redaction) costs a bounded time whatever was pasted.
 * `truncated` says whether anything was cut.
 */
export function boundText(text: string): BoundedText {
  let bounded = text.replace(LONG_WORD, (word) => withoutBrokenPair(word.slice(0, MAX_WORD_CHARS)));
  if (bounded.length > MAX_TEXT_CHARS) bounded = withoutBrokenPair(bounded.slice(0, MAX_TEXT_CHARS));
  return { text: bounded, truncated: bounded !== text };
}

/** Drops a high surrogate left alone at the end by a cut. */
function withoutBrokenPair(text: string): string {
  return /[\uD800-\uDBFF]$/.test(text) ? text.slice(0, -1) : text;
}
