import type { Question } from '../knowledgeTypes.ts';
import type { DecisionContext, DecisionOptions } from './decide.ts';
import { questionCost } from './effort.ts';
import { expectedCostOfRepair, groupMass, outcomes, type SearchModel } from './search.ts';

export type Search = { model: SearchModel; context: DecisionContext; options: DecisionOptions };

/** Only the most promising questions (by one-step value) are searched deeper. */
const SHORTLIST = 6;

/** Expected cost after asking: "not sure" leaves the beliefs as they are; each answer leads to `then(beliefs)`. */
export function expectedCostAfter(search: Search, question: Question, dist: Float64Array, then: (dist: Float64Array) => number): number {
  const informative = outcomes(search.model, question, dist).reduce((sum, o) => sum + (o.p > 1e-9 ? o.p * then(o.dist) : 0), 0);
  const unsure = unsureRate(question, search.context.answers);
  return unsure * then(dist) + (1 - unsure) * informative;
}

/** The questions ordered by one-step expected cost (question minutes plus the expected effort after it). */
export function shortlist(search: Search, questions: Question[], dist: Float64Array, size = SHORTLIST): Question[] {
  return questions
    .map((q) => ({ q, cost: questionCost(q, search.options.effort) + expectedCostAfter(search, q, dist, (next) => expectedCostOfRepair(search.model, next, search.options)) }))
    .sort((a, b) => a.cost - b.cost)
    .slice(0, size)
    .map((x) => x.q);
}

/**
 * How much the answer is expected to move the fix groups' probabilities (total variation distance, "not
 * sure" moving nothing): a question that separates the candidates scores high.
 */
export function separation(search: Search, question: Question, dist: Float64Array): number {
  const before = groupMass(search.model, dist);
  const moved = outcomes(search.model, question, dist).reduce((sum, o) => {
    const after = groupMass(search.model, o.dist);
    let tv = 0;
    for (let g = 0; g < before.length; g += 1) tv += Math.abs((after[g] ?? 0) - (before[g] ?? 0));
    return sum + o.p * (tv / 2);
  }, 0);
  return (1 - unsureRate(question, search.context.answers)) * moved;
}

/**
 * The question's "not sure" rate for this person: its odds scaled by how much more often than expected
 * the person has been unsure ((observed + 1) / (expected + 1)), so an easy question stays easy.
 */
export function unsureRate(question: Question, answers: DecisionContext['answers']): number {
  const { unsure = 0, expected = 0 } = answers ?? {};
  const odds = (question.unsureRate / (1 - question.unsureRate)) * ((unsure + 1) / (expected + 1));
  return odds / (1 + odds);
}
