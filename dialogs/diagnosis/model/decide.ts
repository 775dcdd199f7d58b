import type { Knowledge, Question } from '../knowledgeTypes.ts';
import { beliefs, fixGroups, toVector, UNKNOWN, type Group } from './beliefs.ts';
import { DEFAULT_EFFORT_WEIGHTS, questionCost, type EffortWeights } from './effort.ts';
import type { Evidence } from './evidence.ts';
import type { Ranked } from './posterior.ts';
import { failedFix, repairCost, searchModel, searchNode, type CostOptions, type SearchNode } from './search.ts';
import { expectedCostAfter, oneStepCost, separation, shortlist, unsureRate, type Search } from './questionValue.ts';

export type DecisionOptions = CostOptions & {
  /** Propose the planned fix at once when its causes hold this much probability. */
  confident: number;
  /** No fix below this probability while a question remains that separates the candidates. */
  proposalFloor: number;
  /** A question separates the candidates when it moves the fix groups' probabilities this much on average. */
  separates: number;
  /** Beliefs this flat (the planned fix below it) and no question left that separates: a person takes over. */
  flat: number;
  /** P(yes | cause) at or above which a rare fact (Azure, a gateway) is a precondition of the cause's fix. */
  precondition: number;
  /** Hand off after this many fixes did not work. */
  maxFailedFixes: number;
  /** Prior weight of "a cause the knowledge does not know" (explains anything, equally badly). */
  unknownPrior: number;
  /** Hand off when the unknown cause is at least this likely. */
  unknownHandoff: number;
  effort: EffortWeights;
};

export const DEFAULT_DECISION_OPTIONS: DecisionOptions = {
  wrongFix: 20,
  handoffCost: 300,
  plausible: 0.03,
  confident: 0.85,
  proposalFloor: 0.35,
  separates: 0.1,
  flat: 0.15,
  precondition: 0.95,
  maxFailedFixes: 3,
  unknownPrior: 0.02,
  unknownHandoff: 0.5,
  effort: DEFAULT_EFFORT_WEIGHTS,
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

/** Questions looked at two deep: a pair of questions can be worth asking when neither is alone. */
const LOOKAHEAD = 2;

/**
 * Chooses the next step by the person's expected effort (decision-theoretic troubleshooting): fixes cost
 * their minutes (by place, admin, risk) plus patience when they fail, a hand-off costs more than any fix,
 * a question its own minutes. A question is asked when it lowers the expected effort, and also before any
 * fix whose cause is below the plausibility floor (if a question still separates the candidates) or whose
 * rare precondition (Azure, a gateway) is unknown. Hands off when nothing is worth trying.
 */
export function decideNext(knowledge: Knowledge, evidence: Evidence, context: DecisionContext, options = DEFAULT_DECISION_OPTIONS): Decision {
  const dist = beliefs(knowledge, evidence, context, options.unknownPrior);
  const ranked = knowledge.causes.map((cause) => ({ cause, p: dist.get(cause.id) ?? 0 })).sort((a, b) => b.p - a.p);
  const unknown = dist.get(UNKNOWN) ?? 0;
  const decision = (action: Action): Decision => ({ action, ranked, unknown });
  if (context.failedFixes >= options.maxFailedFixes) return decision({ kind: 'handoff', reason: 'failed-fixes' });
  if (unknown >= options.unknownHandoff) return decision({ kind: 'handoff', reason: 'exhausted' });
  const groups = fixGroups(knowledge, dist);
  const top = groups[0];
  if (top?.fixId === undefined && (top?.p ?? 0) >= 0.5) return decision({ kind: 'handoff', reason: 'out-of-scope' });
  const model = searchModel(knowledge, context.errorTable, options.effort);
  const root = searchNode(toVector(knowledge, dist));
  const search: Search = { model, context, options, unsure: new Map() };
  const first = failedFix(model, root, options);
  const planned = first ? groups.find((g) => g.fixId === (model.groupFix[first.group] ?? '')) : undefined;
  const propose = (g: Group): Decision => decision({ kind: 'propose', fixId: g.fixId ?? '', causeIds: g.causeIds, p: g.p });
  if (planned && planned.p >= options.confident) return propose(planned);
  const askable = knowledge.questions.filter((q) => isAskable(q, evidence, context));
  const candidates = shortlist(search, askable, root);
  let best: { questionId: string; cost: number } | undefined;
  for (const question of candidates) {
    const others = candidates.filter((q) => q !== question);
    const cost = questionCost(question, options.effort) + expectedCostAfter(search, question, root, (next) => bestCost(search, next, others, LOOKAHEAD - 1));
    if (!best || cost < best.cost) best = { questionId: question.id, cost };
  }
  const now = repairCost(model, root, options);
  const tryFix = tryCost(search, root, candidates, LOOKAHEAD - 1) ?? now;
  if (best && best.cost < Math.min(now, tryFix) - 1e-9) return decision({ kind: 'ask', questionId: best.questionId });
  if (!planned) return decision({ kind: 'handoff', reason: 'exhausted' });
  const needed = precondition(knowledge, planned, dist, askable, options);
  if (needed) return decision({ kind: 'ask', questionId: needed.id });
  if (planned.p < options.proposalFloor) {
    const separating = candidatesBy(search, askable.filter((q) => separation(search, q, root) >= options.separates), root)[0];
    if (separating) return decision({ kind: 'ask', questionId: separating.id });
  }
  if (planned.p < options.flat) return decision({ kind: 'handoff', reason: 'exhausted' });
  return propose(planned);
}

/** Cost of trying the planned fix now, then (if it fails) going on optimally for `depth` more steps. */
function tryCost(search: Search, node: SearchNode, questions: Question[], depth: number): number | undefined {
  const failed = failedFix(search.model, node, search.options);
  if (!failed) return undefined;
  return failed.cost + (1 - failed.p) * (search.options.wrongFix + bestCost(search, failed.node, questions, depth));
}

/** Expected cost from `node` when acting optimally with up to `depth` more questions from `questions`. */
function bestCost(search: Search, node: SearchNode, questions: Question[], depth: number): number {
  const now = repairCost(search.model, node, search.options);
  if (depth <= 0) return now;
  let best = Math.min(now, tryCost(search, node, questions, depth - 1) ?? now);
  for (const question of questions) {
    // One step deep, a question's cost does not depend on the others: it is worked out once per node.
    const cost =
      depth === 1
        ? oneStepCost(search, question, node)
        : questionCost(question, search.options.effort) + expectedCostAfter(search, question, node, (next) => bestCost(search, next, questions.filter((q) => q !== question), depth - 1));
    if (cost < best) best = cost;
  }
  return best;
}

function candidatesBy(search: Search, questions: Question[], node: SearchNode): Question[] {
  return shortlist(search, questions, node, questions.length);
}

/**
 * A rare fact that a cause of the group (holding most of it) almost always has, not known yet: asked before
 * the fix (the Azure network rule needs an Azure VM). The cheapest such question, if any.
 */
function precondition(knowledge: Knowledge, group: Group, dist: Map<string, number>, askable: Question[], options: DecisionOptions): Question | undefined {
  const main = group.causeIds.filter((id) => (dist.get(id) ?? 0) >= group.p / 2).map((id) => knowledge.causes.find((c) => c.id === id));
  return askable
    .filter((q) => q.kind === 'yes-no' && q.otherwise <= 0.5 && unsureRate(q, undefined) < 0.5)
    .filter((q) => main.some((cause) => (cause?.evidence[q.id] ?? 0) >= options.precondition))
    .sort((a, b) => a.cost - b.cost)[0];
}

/** A question is worth considering when its answer is still unknown and it was not asked before. */
function isAskable(question: Question, evidence: Evidence, context: DecisionContext): boolean {
  if (context.asked.has(question.id)) return false;
  if (question.kind === 'error-code') return evidence.errors.length === 0;
  return evidence.facts[question.id] === undefined;
}
