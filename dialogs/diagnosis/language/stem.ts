import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';

/** Words remembered with their stem; past this many the memory starts again. */
const WORD_MEMORY = 20_000;

/**
 * natural's Porter stemmer with a bounded memory: people reuse their words, and each stem takes a few
 * microseconds (the intent classifier and the sentiment score stem every word of every message).
 */
export function rememberingStemmer(): (word: string) => string {
  const stems = new Map<string, string>();
  return (word) => {
    let stem = stems.get(word);
    if (stem === undefined) {
      stem = PorterStemmer.stem(word);
      if (stems.size >= WORD_MEMORY) stems.clear();
      stems.set(word, stem);
    }
    return stem;
  };
}
