import BayesClassifier from 'natural/lib/natural/classifiers/bayes_classifier.js';
import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import type { Intent, Utterances } from '../knowledgeTypes.ts';
import { wordsOf } from './normalise.ts';
import { rememberingStemmer } from './stem.ts';

export type IntentGuess = { intent: Intent; confidence: number };
export type IntentClassifier = { classify(text: string): IntentGuess };
export type LabelledExample = { text: string; intent: Intent };

/** Every intent example of the knowledge as (text, intent) pairs. */
export function intentExamples(utterances: Utterances): LabelledExample[] {
  return (Object.entries(utterances.intents) as Array<[Intent, string[]]>).flatMap(([intent, texts]) => texts.map((text) => ({ text, intent })));
}

/**
 * Trains natural's naive Bayes classifier (Porter-stemmed words, stopwords kept) on the examples. `confidence` is the
 * winner's share of the summed class scores; a text equal to an example gets that example's intent with
 * confidence 1.
 */
export function trainIntentClassifier(examples: readonly LabelledExample[]): IntentClassifier {
  const classifier = new BayesClassifier(PorterStemmer);
  // "why", "what", "that" are stopwords to natural, yet they are what tells these intents apart.
  classifier.setOptions({ keepStops: true });
  const exact = new Map<string, Intent>();
  // Our own Unicode-aware words, stemmed: natural's tokenizer would cut "über" to "ber".
  const stem = rememberingStemmer();
  const tokens = (text: string): string[] => wordsOf(text).map(stem);
  for (const { text, intent } of examples) {
    classifier.addDocument(tokens(text), intent);
    exact.set(wordsOf(text).join(' '), intent);
  }
  classifier.train();
  return {
    classify(text) {
      const key = wordsOf(text).join(' ');
      const known = exact.get(key);
      if (known) return { intent: known, confidence: 1 };
      if (key === '') return { intent: 'offtopic', confidence: 0 };
      const scores = classifier.getClassifications(tokens(text));
      const total = scores.reduce((sum, s) => sum + s.value, 0);
      const best = scores[0];
      if (!best || total === 0) return { intent: 'problem', confidence: 0 };
      return { intent: best.label as Intent, confidence: best.value / total };
    },
  };
}
