import type { Question } from '../knowledgeTypes.ts';
import { NOT, type Clause, type Lexicon } from './lexicon.ts';
import { compiledPhrase, findCompiled, phraseIndex, type CompiledPhrase } from './normalise.ts';

export type FactValue = 'yes' | 'no';
export type ExtractedFact = { questionId: string; value: FactValue; phrase: string };

export type FactExtractor = { extract(text: string): ExtractedFact[] };

type Phrase = { phrase: string; pattern: CompiledPhrase; value: FactValue | 'neither' };
type Compiled = { questionId: string; phrases: Phrase[] };

/**
 * Finds facts stated in free text from each question's yes / no phrases, compared as canonical words (stems and
 * synonyms, so "the box doesn't respond" meets "(computer) doesn't answer"). Per clause: a yes phrase after a
 * negator counts as no ("not on vpn"), unless a word in between took the negation, usually the problem's own verb
 * ("we cannot reach our azure vm" is about an Azure VM) or the phrase itself starts with one ("can't connect
 * over the vpn" is about a VPN); a no phrase right after a negator counts as nothing ("no domain join like the old
 * PC" denies the no answer's phrase, it does not state the yes); a phrase in a doubtful clause ("not sure if it's an
 * azure vm") counts as nothing; a fact stated both ways in one message counts as nothing (the question is asked
 * instead).
 */
export function buildFactExtractor(questions: ReadonlyArray<Pick<Question, 'id' | 'kind' | 'phrases'>>, lexicon: Lexicon): FactExtractor {
  const compile = (phrases: readonly string[], value: Phrase['value']): Phrase[] =>
    [...phrases]
      .sort((a, b) => b.length - a.length)
      .map((phrase) => ({ phrase, canonical: lexicon.canonicalText(phrase) }))
      .filter(({ canonical }) => canonical.trim() !== '')
      .map(({ phrase, canonical }) => ({ phrase, pattern: compiledPhrase(canonical), value }));
  const compiled: Compiled[] = questions
    .filter((q) => q.kind === 'yes-no')
    .map((q) => ({
      questionId: q.id,
      phrases: [...compile(q.phrases.no, 'no'), ...compile(q.phrases.yes, 'yes'), ...compile(q.phrases.neither, 'neither')],
    }));
  const index = phraseIndex(compiled.flatMap((q) => q.phrases.map((p) => p.pattern)));
  const questionsOf = new Map<CompiledPhrase, Set<Compiled>>();
  for (const question of compiled) {
    for (const { pattern } of question.phrases) questionsOf.set(pattern, (questionsOf.get(pattern) ?? new Set()).add(question));
  }
  return {
    extract(text) {
      // Each clause with the phrases its words leave possible, and their questions: most messages touch a few.
      const clauses = lexicon.clauses(text).map((clause) => {
        const words = clause.words.join(' ');
        const candidates = index.candidates(words);
        const questions = new Set<Compiled>();
        for (const c of candidates) for (const question of questionsOf.get(c) ?? []) questions.add(question);
        return { ...clause, text: words, candidates, questions };
      });
      const facts: ExtractedFact[] = [];
      for (const question of compiled) {
        const found = clauses.flatMap((clause) => (clause.questions.has(question) ? mentions(clause, question, lexicon) : []));
        // One message saying both ("since my upgrade ... my colleague, who hasn't upgraded") is no answer: ask.
        if (found.length === 0 || found.some((m) => m.value !== found[0]?.value)) continue;
        const first = found[0];
        if (first) facts.push({ questionId: question.questionId, value: first.value, phrase: first.phrase });
      }
      return facts;
    },
  };
}

type Mention = { value: FactValue; phrase: string };

/** The phrases of one question found in one clause (`text`: its words as the phrases are matched against). */
function mentions(clause: Clause & { text: string; candidates: ReadonlySet<CompiledPhrase> }, question: Compiled, lexicon: Lexicon): Mention[] {
  const { text, candidates } = clause;
  const found: Mention[] = [];
  const covered: Array<[number, number]> = [];
  const matches: Array<{ span: [number, number]; phrase: Phrase }> = [];
  for (const phrase of question.phrases) {
    if (candidates.has(phrase.pattern)) for (const span of findCompiled(text, phrase.pattern)) matches.push({ span, phrase });
  }
  // Where a yes and a no phrase overlap, the one that covers more of the text is read ("only works when the
  // firewall is off" says yes where "firewall is off" alone says no); at equal length, no first. A neither phrase
  // that covers more than they do reads nothing there ("from our domain-joined helpdesk pcs").
  matches.sort((a, b) => b.span[1] - b.span[0] - (a.span[1] - a.span[0]) || Number(b.phrase.value === 'no') - Number(a.phrase.value === 'no'));
  for (const { span, phrase } of matches) {
    if (covered.some(([s, e]) => span[0] < e && s < span[1])) continue;
    covered.push(span);
    if (phrase.value === 'neither') continue;
    const at = text.slice(0, span[0]).split(' ').filter(Boolean).length;
    // Negation and doubt stay within the sub-clause the phrase starts in.
    const sub = clause.starts.filter((start) => start <= at).length - 1;
    if (clause.doubtful[sub]) continue;
    const before = clause.words.slice(clause.starts[sub] ?? 0, at);
    const negated = lexicon.isNegated(before, clause.words[at] ?? '');
    // A no phrase negated right before it ("no domain join", "it is not domain joined") says nothing: not the
    // opposite; an answer's "no" further off ("no, it is domain joined") and an elided verb's ("works at the
    // office but not at home") leave the phrase its no.
    if (negated && phrase.value === 'no' && before[before.length - 1] === NOT && !lexicon.isClauseBreak(before[before.length - 2] ?? '')) continue;
    found.push({ value: negated ? 'no' : phrase.value, phrase: phrase.phrase });
  }
  return found;
}
