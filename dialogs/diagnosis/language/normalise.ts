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

/** Words of normalised text: letters, digits, apostrophes and inner hyphens or dots (0x904, wi-fi, win11). */
export function wordsOf(text: string): string[] {
  return normalise(text).match(/[a-z0-9]+(?:['\-.][a-z0-9]+)*/g) ?? [];
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const phrasePatterns = new Map<string, RegExp>();

/** A whole-word pattern for a phrase (any white space between its words). */
export function phrasePattern(phrase: string): RegExp {
  let pattern = phrasePatterns.get(phrase);
  if (!pattern) {
    const body = normalise(phrase).split(' ').map(escapeRegex).join('\\s+');
    pattern = new RegExp(`(?<![a-z0-9])${body}(?![a-z0-9])`, 'g');
    phrasePatterns.set(phrase, pattern);
  }
  return pattern;
}

/** Start and end offsets of every whole-word occurrence of `phrase` in normalised text. */
export function findPhrase(normalisedText: string, phrase: string): Array<[number, number]> {
  const pattern = phrasePattern(phrase);
  pattern.lastIndex = 0;
  const spans: Array<[number, number]> = [];
  for (const match of normalisedText.matchAll(pattern)) spans.push([match.index, match.index + match[0].length]);
  return spans;
}

/** True when normalised text contains the phrase as whole words. */
export function hasPhrase(normalisedText: string, phrase: string): boolean {
  return findPhrase(normalisedText, phrase).length > 0;
}
