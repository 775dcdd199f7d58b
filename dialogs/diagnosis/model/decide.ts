import type { Knowledge, Question } from '../knowledgeTypes.ts';
import type { Evidence } from './evidence.ts';
import { causeWeights, type Ranked } from './posterior.ts';
import { afterFailedFix, expectedCostOfRepair as costOfRepair, outcomes, searchModel, type SearchModel } from './search.ts';

export type DecisionOptions = {
  /** Cost of trying a fix, in units of a cost-1 question (trying a fix takes longer than answering). */
  fixCost: number;
  /** Cost of ending in a hand-off without a fix. */
  handoffCost: number;
  /** Propose the top fix at once when its causes hold this much probability. */
  confident: number;
  /** Causes below this probability are not worth a fix attempt of their own. */
  plausible: number;
  /** Hand off after this many fixes did not work. */
  maxFailedFixes: number;
  /** Prior weight of "a cause the knowledge does not know" (explains anything, equally badly). */
  unknownPrior: number;
  /** Hand off when the unknown cause is at least this likely. */
  unknownHandoff: number;
};

export const DEFAULT_DECISION_OPTIONS: DecisionOptions = {
  fixCost: 2,
  handoffCost: 3,
  confident: 0.85,
  plausible: 0.03,
  maxFailedFixes: 4,
  unknownPrior: 0.02,
  unknownHandoff: 0.6,
};

export type Action =
  | { kind: 'ask'; questionId: string }
  | { kind: 'propose'; fixId: string; causeIds: string[]; p: number }
  | { kind: 'handoff'; reason: 'out-of-scope' | 'exhausted' | 'failed-fixes' };

export type DecisionContext = {
  asked: ReadonlySet<string>;
  /**
   * This person's "not sure" answers so far, and how many the questions' own rates would predict: someone
   * who cannot answer gains less from questions (hard ones most).
   */
  answers?: { unsure: number; expected: number };
  failedFixes: number;
  errorTable: Map<string, Map<string, number>>;
  priors?: ReadonlyMap<string, number>;
};

export type Decision = { action: Action; ranked: Ranked[]; unknown: number };

const UNKNOWN = '(unknown)';
type Dist = Map<string, number>;

/**
 * Chooses the next step by expected cost of repair (decision-theoretic troubleshooting): with the
 * current beliefs, trying fixes in order of probability costs ECR; a question is asked only when its
 * cost plus the expected ECR after the answer (not sure counts as no news) is lower.
 */
export function decideNext(knowledge: Knowledge, evidence: Evidence, context: DecisionContext, options = DEFAULT_DECISION_OPTIONS): Decision {
  const dist = beliefs(knowledge, evidence, context, options);
  const ranked = knowledge.causes.map((cause) => ({ cause, p: dist.get(cause.id) ?? 0 })).sort((a, b) => b.p - a.p);
  const unknown = dist.get(UNKNOWN) ?? 0;
  const decision = (action: Action): Decision => ({ action, ranked, unknown });
  if (context.failedFixes >= options.maxFailedFixes) return decision({ kind: 'handoff', reason: 'failed-fixes' });
  if (unknown >= options.unknownHandoff) return decision({ kind: 'handoff', reason: 'exhausted' });
  const groups = fixGroups(knowledge, dist);
  const top = groups[0];
  if (!top) return decision({ kind: 'handoff', reason: 'exhausted' });
  if (top.fixId === undefined && top.p >= 0.5) return decision({ kind: 'handoff', reason: 'out-of-scope' });
  const propose = (): Decision => {
    const best = groups.find((g) => g.fixId !== undefined && g.p >= options.plausible);
    return best?.fixId ? decision({ kind: 'propose', fixId: best.fixId, causeIds: best.causeIds, p: best.p }) : decision({ kind: 'handoff', reason: 'exhausted' });
  };
  const plausibleGroups = groups.filter((g) => g.fixId !== undefined && g.p >= options.plausible);
  if ((top.fixId !== undefined && top.p >= options.confident) || plausibleGroups.length <= 1) return propose();
  const model = searchModel(knowledge, context.errorTable);
  const vector = Float64Array.from([...knowledge.causes.map((c) => dist.get(c.id) ?? 0), dist.get(UNKNOWN) ?? 0]);
  const search: Search = { model, context, options };
  const now = costOfRepair(model, vector, options);
  const candidates = shortlist(search, knowledge.questions.filter((q) => isAskable(q, evidence, context)), vector);
  let best: { questionId: string; cost: number } | undefined;
  for (const question of candidates) {
    const others = candidates.filter((q) => q !== question);
    const cost = question.cost + expectedCostAfter(search, question, vector, (next) => bestCost(search, next, others, LOOKAHEAD - 1));
    if (!best || cost < best.cost) best = { questionId: question.id, cost };
  }
  const tryFix = tryCost(search, vector, candidates, LOOKAHEAD - 1) ?? now;
  if (best && best.cost < Math.min(now, tryFix) - 1e-9) return decision({ kind: 'ask', questionId: best.questionId });
  return propose();
}

/** Cost of trying the most likely fix now, then (if it fails) going on optimally for `depth` more steps. */
function tryCost(search: Search, dist: Float64Array, questions: Question[], depth: number): number | undefined {
  const failed = afterFailedFix(search.model, dist, search.options.plausible);
  if (!failed) return undefined;
  return search.options.fixCost + (1 - failed.p) * bestCost(search, failed.dist, questions, depth);
}

/** Questions looked at two deep: a pair of questions can be worth asking when neither is alone. */
const LOOKAHEAD = 2;
/** Only the most promising questions (by one-step value) are searched deeper. */
const SHORTLIST = 6;

type Search = { model: SearchModel; context: DecisionContext; options: DecisionOptions };

function shortlist(search: Search, questions: Question[], dist: Float64Array): Question[] {
  return questions
    .map((q) => ({ q, cost: q.cost + expectedCostAfter(search, q, dist, (next) => costOfRepair(search.model, next, search.options)) }))
    .sort((a, b) => a.cost - b.cost)
    .slice(0, SHORTLIST)
    .map((x) => x.q);
}

/** Expected cost from `dist` when acting optimally with up to `depth` more questions from `questions`. */
function bestCost(search: Search, dist: Float64Array, questions: Question[], depth: number): number {
  const now = costOfRepair(search.model, dist, search.options);
  if (depth <= 0) return now;
  let best = Math.min(now, tryCost(search, dist, questions, depth - 1) ?? now);
  for (const question of questions) {
    const others = questions.filter((q) => q !== question);
    const cost = question.cost + expectedCostAfter(search, question, dist, (next) => bestCost(search, next, others, depth - 1));
    if (cost < best) best = cost;
  }
  return best;
}

/** A question is worth considering when its answer is still unknown and it was not asked before. */
function isAskable(question: Question, evidence: Evidence, context: DecisionContext): boolean {
  if (context.asked.has(question.id)) return false;
  if (question.kind === 'error-code') return evidence.errors.length === 0;
  return evidence.facts[question.id] === undefined;
}

/** Posterior including the unknown cause, as a map id → probability; ruled-out causes get 0. */
function beliefs(knowledge: Knowledge, evidence: Evidence, context: DecisionContext, options: DecisionOptions): Dist {
  const weights = causeWeights(knowledge, evidence, context.errorTable, context.priors);
  const priorTotal = knowledge.causes.reduce((sum, c) => sum + (context.priors?.get(c.id) ?? c.prior), 0);
  // The unknown cause explains every report and answer equally: 1/n per error report, 1/2 per answer.
  let unknownWeight = options.unknownPrior * priorTotal;
  unknownWeight *= (1 / knowledge.errors.length) ** evidence.errors.length;
  unknownWeight *= 0.5 ** Object.keys(evidence.facts).length;
  const dist: Dist = new Map(knowledge.causes.map((cause, i) => [cause.id, weights[i] ?? 0]));
  dist.set(UNKNOWN, unknownWeight);
  return normalised(dist);
}

function normalised(dist: Dist): Dist {
  const total = [...dist.values()].reduce((a, b) => a + b, 0);
  return new Map([...dist].map(([k, v]) => [k, total > 0 ? v / total : 0]));
}

type Group = { fixId?: string; causeIds: string[]; p: number };

/** Causes sharing a fix form one attempt; out-of-scope causes and the unknown one have no fix. */
function fixGroups(knowledge: Knowledge, dist: Dist): Group[] {
  const groups = new Map<string, Group>();
  for (const cause of knowledge.causes) {
    const p = dist.get(cause.id) ?? 0;
    const key = cause.fix ?? `(no fix) ${cause.id}`;
    const group = groups.get(key) ?? { ...(cause.fix ? { fixId: cause.fix } : {}), causeIds: [], p: 0 };
    group.causeIds.push(cause.id);
    group.p += p;
    groups.set(key, group);
  }
  groups.set(UNKNOWN, { causeIds: [], p: dist.get(UNKNOWN) ?? 0 });
  return [...groups.values()].sort((a, b) => b.p - a.p);
}

/** Expected cost after asking: "not sure" leaves the beliefs as they are; each answer leads to `after(beliefs)`. */
function expectedCostAfter(search: Search, question: Question, dist: Float64Array, after: (dist: Float64Array) => number): number {
  const informative = outcomes(search.model, question, dist).reduce((sum, o) => sum + (o.p > 1e-9 ? o.p * after(o.dist) : 0), 0);
  const unsure = unsureRate(question, search.context);
  return unsure * after(dist) + (1 - unsure) * informative;
}

/**
 * The question's "not sure" rate for this person: its odds scaled by how much more often than expected
 * the person has been unsure ((observed + 1) / (expected + 1)), so an easy question stays easy.
 */
function unsureRate(question: Question, context: DecisionContext): number {
  const { unsure = 0, expected = 0 } = context.answers ?? {};
  const odds = (question.unsureRate / (1 - question.unsureRate)) * ((unsure + 1) / (expected + 1));
  return odds / (1 + odds);
}
