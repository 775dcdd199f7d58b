import type { Question } from '../knowledgeTypes.ts';
import type { DecisionContext, DecisionOptions } from './decide.ts';
import { questionCost } from './effort.ts';
import { groupMass, outcomesOf, repairAfterAnswers, repairCost, type SearchModel, type SearchNode } from './search.ts';

/** One decision's search: the compiled knowledge, the person's context, and each question's "not sure" rate for this person. */
export type Search = { model: SearchModel; context: DecisionContext; options: DecisionOptions; unsure: Map<Question, number> };

/** Only the most promising questions (by one-step value) are searched deeper. */
const SHORTLIST = 6;

/** Expected cost after asking: "not sure" leaves the beliefs as they are; each answer leads to `then(beliefs)`. */
export function expectedCostAfter(search: Search, question: Question, node: SearchNode, then: (node: SearchNode) => number): number {
  let informative = 0;
  for (const o of outcomesOf(search.model, question, node)) informative += o.p > 1e-9 ? o.p * then(o.node) : 0;
  return withUnsure(search, question, then(node), informative);
}

/** The question's minutes plus the expected cost of repair after its answer (once per node and question). */
export function oneStepCost(search: Search, question: Question, node: SearchNode): number {
  node.values ??= new Map();
  const known = node.values.get(question);
  if (known !== undefined) return known;
  // expectedCostAfter(…, repairCost), without keeping the answers' beliefs.
  const informative = repairAfterAnswers(search.model, question, node, search.options);
  const cost = questionCost(question, search.options.effort) + withUnsure(search, question, repairCost(search.model, node, search.options), informative);
  node.values.set(question, cost);
  return cost;
}

/** The cost after the question: `unchanged` when the person is not sure, the answers' expected cost (`informative`) otherwise. */
function withUnsure(search: Search, question: Question, unchanged: number, informative: number): number {
  const unsure = unsureOf(search, question);
  return unsure * unchanged + (1 - unsure) * informative;
}

/** The questions ordered by one-step expected cost (question minutes plus the expected effort after it). */
export function shortlist(search: Search, questions: Question[], node: SearchNode, size = SHORTLIST): Question[] {
  return questions
    .map((q) => ({ q, cost: oneStepCost(search, q, node) }))
    .sort((a, b) => a.cost - b.cost)
    .slice(0, size)
    .map((x) => x.q);
}

/**
 * How much the answer is expected to move the fix groups' probabilities (total variation distance, "not
 * sure" moving nothing): a question that separates the candidates scores high.
 */
export function separation(search: Search, question: Question, node: SearchNode): number {
  const before = groupMass(search.model, node.dist);
  const moved = outcomesOf(search.model, question, node).reduce((sum, o) => {
    const after = groupMass(search.model, o.node.dist);
    let tv = 0;
    for (let g = 0; g < before.length; g += 1) tv += Math.abs((after[g] ?? 0) - (before[g] ?? 0));
    return sum + o.p * (tv / 2);
  }, 0);
  return (1 - unsureOf(search, question)) * moved;
}

function unsureOf(search: Search, question: Question): number {
  let rate = search.unsure.get(question);
  if (rate === undefined) {
    rate = unsureRate(question, search.context.answers);
    search.unsure.set(question, rate);
  }
  return rate;
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
