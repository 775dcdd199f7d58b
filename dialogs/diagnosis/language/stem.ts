import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';

/** Words remembered with what they map to; past this many the memory starts again. */
const WORD_MEMORY = 20_000;

/**
 * `form` with a bounded memory per word: people reuse their words, and stemming (a few microseconds a word)
 * is most of what reading them costs. `form` must depend on the word alone.
 */
export function rememberWords(form: (word: string) => string): (word: string) => string {
  const known = new Map<string, string>();
  return (word) => {
    let found = known.get(word);
    if (found === undefined) {
      found = form(word);
      if (known.size >= WORD_MEMORY) known.clear();
      known.set(word, found);
    }
    return found;
  };
}

/** natural's Porter stemmer, remembered per word (the intent classifier and the sentiment score stem every word of every message). */
export function rememberingStemmer(): (word: string) => string {
  return rememberWords((word) => PorterStemmer.stem(word));
}
