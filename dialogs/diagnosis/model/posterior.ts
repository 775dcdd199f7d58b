import type { Cause, Knowledge } from '../knowledgeTypes.ts';
import type { Evidence } from './evidence.ts';

/** How likely a cause is to produce an error entry that does not list it. */
export const ERROR_FLOOR = 0.002;

export type Ranked = { cause: Cause; p: number };

/** Per cause, P(report | cause) over every error entry: listed likelihoods (or the floor), normalised per cause. */
export function errorLikelihoods(knowledge: Knowledge): Map<string, Map<string, number>> {
  const table = new Map<string, Map<string, number>>();
  for (const cause of knowledge.causes) {
    const raw = knowledge.errors.map((e) => [e.id, e.causes.find((ref) => ref.cause === cause.id)?.likelihood ?? ERROR_FLOOR] as const);
    const total = raw.reduce((sum, [, p]) => sum + p, 0);
    table.set(cause.id, new Map(raw.map(([id, p]) => [id, p / total])));
  }
  return table;
}

/** P(yes | cause) for a yes-no question. */
export function pYes(cause: Cause, questionId: string, otherwise: number): number {
  return cause.evidence[questionId] ?? otherwise;
}

/**
 * prior × P(reports | cause) × P(answers | cause) per cause, in knowledge order (naive Bayes: reports and
 * answers independent given the cause). Ruled-out causes weigh 0. `priors` overrides the knowledge priors.
 */
export function causeWeights(
  knowledge: Knowledge,
  evidence: Evidence,
  errorTable: Map<string, Map<string, number>>,
  priors?: ReadonlyMap<string, number>,
): number[] {
  const otherwise = defaultAnswers(knowledge);
  const facts = Object.entries(evidence.facts).map(([questionId, fact]) => ({ questionId, yes: fact.value === 'yes', otherwise: otherwise.get(questionId) ?? 0.5 }));
  return knowledge.causes.map((cause) => {
    if (evidence.ruledOut.includes(cause.id)) return 0;
    let w = priors?.get(cause.id) ?? cause.prior;
    const reports = errorTable.get(cause.id);
    for (const errorId of evidence.errors) w *= reports?.get(errorId) ?? ERROR_FLOOR;
    for (const fact of facts) {
      const p = pYes(cause, fact.questionId, fact.otherwise);
      w *= fact.yes ? p : 1 - p;
    }
    return w;
  });
}

const defaults = new WeakMap<Knowledge, Map<string, number>>();

/** Question id → P(yes) for a cause that does not say, indexed once per knowledge object. */
function defaultAnswers(knowledge: Knowledge): Map<string, number> {
  let map = defaults.get(knowledge);
  if (!map) {
    map = new Map(knowledge.questions.map((q) => [q.id, q.otherwise]));
    defaults.set(knowledge, map);
  }
  return map;
}

/** Posterior over causes given the evidence (see causeWeights). Sorted, most likely first. */
export function posterior(
  knowledge: Knowledge,
  evidence: Evidence,
  errorTable: Map<string, Map<string, number>>,
  priors?: ReadonlyMap<string, number>,
): Ranked[] {
  const weights = causeWeights(knowledge, evidence, errorTable, priors);
  const total = weights.reduce((sum, w) => sum + w, 0);
  return knowledge.causes.map((cause, i) => ({ cause, p: total > 0 ? (weights[i] ?? 0) / total : 0 })).sort((a, b) => b.p - a.p);
}
