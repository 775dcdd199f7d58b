import type { Knowledge, Question } from '../knowledgeTypes.ts';
import { DEFAULT_EFFORT_WEIGHTS, fixCost, type EffortWeights } from './effort.ts';
import { pYes } from './posterior.ts';

/**
 * The knowledge compiled for the question search: everything indexed by cause, with the "unknown cause"
 * as the last index, so one step of the search is a few passes over small typed arrays.
 */
export type SearchModel = {
  /** Known causes; index `n` is the unknown cause. */
  n: number;
  /** Cause index → fix group index, or -1 when there is no fix (out of scope, unknown). */
  groupOf: Int32Array;
  groupCount: number;
  /** Fix group index → fix id. */
  groupFix: string[];
  /** Fix group index → what trying its fix costs the person, in minutes. */
  groupCost: Float64Array;
  /** Yes-no question id → [P(yes | cause), P(no | cause)] per cause (0.5 for the unknown cause). */
  answers: Map<string, readonly [Float64Array, Float64Array]>;
  /** P(report | cause) per error entry (uniform for the unknown cause). */
  reports: Float64Array[];
  /**
   * Scratch space of the fix plan (group masses, order, keys) and of beliefs looked at once (`next`): the
   * search runs synchronously, one plan at a time.
   */
  scratch: { sums: Float64Array; order: Int32Array; keys: Float64Array; next: Float64Array };
};

const models = new WeakMap<Knowledge, SearchModel>();

/** Compiles (once per knowledge object) the arrays the search runs on. */
export function searchModel(knowledge: Knowledge, errorTable: Map<string, Map<string, number>>, weights: EffortWeights = DEFAULT_EFFORT_WEIGHTS): SearchModel {
  const cached = models.get(knowledge);
  if (cached) return cached;
  const n = knowledge.causes.length;
  const fixIndex = new Map<string, number>();
  const groupOf = new Int32Array(n + 1).fill(-1);
  knowledge.causes.forEach((cause, i) => {
    if (!cause.fix) return;
    if (!fixIndex.has(cause.fix)) fixIndex.set(cause.fix, fixIndex.size);
    groupOf[i] = fixIndex.get(cause.fix) ?? -1;
  });
  const groupCost = new Float64Array(fixIndex.size);
  for (const [fixId, g] of fixIndex) {
    const fix = knowledge.fixes.find((f) => f.id === fixId);
    groupCost[g] = fix ? fixCost(fix, weights) : 10;
  }
  const answers = new Map<string, readonly [Float64Array, Float64Array]>();
  for (const question of knowledge.questions.filter((q) => q.kind === 'yes-no')) {
    const column = new Float64Array(n + 1);
    knowledge.causes.forEach((cause, i) => (column[i] = pYes(cause, question.id, question.otherwise)));
    column[n] = 0.5;
    answers.set(question.id, [column, column.map((l) => 1 - l)]);
  }
  const reports = knowledge.errors.map((error) => {
    const column = new Float64Array(n + 1);
    knowledge.causes.forEach((cause, i) => (column[i] = errorTable.get(cause.id)?.get(error.id) ?? 0));
    column[n] = 1 / knowledge.errors.length;
    return column;
  });
  const g = fixIndex.size;
  const scratch = { sums: new Float64Array(g), order: new Int32Array(g), keys: new Float64Array(g), next: new Float64Array(n + 1) };
  const model = { n, groupOf, groupCount: g, groupFix: [...fixIndex.keys()], groupCost, answers, reports, scratch };
  models.set(knowledge, model);
  return model;
}

export type CostOptions = {
  /** Minutes-equivalent a fix that did not work costs on top of its effort (patience, trust). */
  wrongFix: number;
  /** Minutes-equivalent of ending with a person instead of a fix. */
  handoffCost: number;
  /** Fix groups below this probability are never tried. */
  plausible: number;
};

/**
 * Beliefs at one point of the search, with what the search has worked out for them so far: within one
 * decision every figure of a node is computed once, however many branches reach it.
 */
export type SearchNode = {
  dist: Float64Array;
  repair?: number;
  failed?: FailedFix | null;
  /** Question → beliefs after each answer (made when first needed: most nodes are leaves that only need `repair`). */
  outcomes?: Map<Question, Outcome[]>;
  /** Question → one-step cost at this node (its minutes plus the expected cost of repair after the answer). */
  values?: Map<Question, number>;
};
export type Outcome = { p: number; node: SearchNode };
export type FailedFix = { group: number; p: number; cost: number; node: SearchNode };

/** A node of the search for beliefs `dist` (the search's vector: causes in knowledge order, then the unknown cause). */
export function searchNode(dist: Float64Array): SearchNode {
  return { dist };
}

/** Probability mass per fix group. */
export function groupMass(model: SearchModel, dist: Float64Array): Float64Array {
  const sums = new Float64Array(model.groupCount);
  for (let i = 0; i < model.n; i += 1) {
    const group = model.groupOf[i] ?? -1;
    if (group >= 0) sums[group] = (sums[group] ?? 0) + (dist[i] ?? 0);
  }
  return sums;
}

/**
 * The fix groups worth trying, in the order of value (probability per minute of effort plus patience), each
 * only while trying it is cheaper than handing off: cost + (1 − p)·wrongFix < p·handoff, with p conditional on
 * the fixes before it having failed. Fills the model's scratch (sums, order) and returns how many groups
 * are candidates, in order (the plan is a prefix of them; see `walkPlan`).
 */
function planOrder(model: SearchModel, dist: Float64Array, options: CostOptions): number {
  const { sums, order, keys } = model.scratch;
  sums.fill(0);
  for (let i = 0; i < model.n; i += 1) {
    const group = model.groupOf[i] ?? -1;
    if (group >= 0) sums[group] = (sums[group] ?? 0) + (dist[i] ?? 0);
  }
  let count = 0;
  for (let g = 0; g < model.groupCount; g += 1) {
    const mass = sums[g] ?? 0;
    if (!(mass >= options.plausible)) continue;
    const key = mass / ((model.groupCost[g] ?? 0) + options.wrongFix);
    // Insertion sort, stable: equal values keep group order, as a stable sort by descending value does.
    let j = count;
    while (j > 0 && (keys[j - 1] ?? 0) < key) {
      order[j] = order[j - 1] ?? 0;
      keys[j] = keys[j - 1] ?? 0;
      j -= 1;
    }
    order[j] = g;
    keys[j] = key;
    count += 1;
  }
  return count;
}

/** Whether the plan stops before `group` when the fixes tried before it leave `reach` of the mass. */
function stopsAt(model: SearchModel, group: number, p: number, reach: number, options: CostOptions): boolean {
  const conditional = reach > 0 ? p / reach : 0;
  return (model.groupCost[group] ?? 0) + (1 - conditional) * options.wrongFix >= conditional * options.handoffCost;
}

/** Expected cost of trying the planned fixes in order, then handing off if none worked (computed once per node). */
export function repairCost(model: SearchModel, node: SearchNode, options: CostOptions): number {
  node.repair ??= planCost(model, node.dist, options);
  return node.repair;
}

/** repairCost for beliefs `dist`. */
function planCost(model: SearchModel, dist: Float64Array, options: CostOptions): number {
  const count = planOrder(model, dist, options);
  const { sums, order } = model.scratch;
  let cost = 0;
  let reach = 1;
  for (let k = 0; k < count; k += 1) {
    const group = order[k] ?? 0;
    const p = sums[group] ?? 0;
    if (stopsAt(model, group, p, reach, options)) break;
    cost += reach * (model.groupCost[group] ?? 0) + (reach - p) * options.wrongFix;
    reach -= p;
  }
  return cost + options.handoffCost * Math.max(0, reach);
}

/** The first fix of the plan, its cost, and the beliefs if trying it fails (once per node). */
export function failedFix(model: SearchModel, node: SearchNode, options: CostOptions): FailedFix | undefined {
  if (node.failed !== undefined) return node.failed ?? undefined;
  const count = planOrder(model, node.dist, options);
  const group = model.scratch.order[0] ?? 0;
  const p = model.scratch.sums[group] ?? 0;
  if (count === 0 || stopsAt(model, group, p, 1, options)) {
    node.failed = null;
    return undefined;
  }
  const { dist } = node;
  const rest = new Float64Array(dist.length);
  for (let i = 0; i < dist.length; i += 1) rest[i] = model.groupOf[i] === group || p >= 1 ? 0 : (dist[i] ?? 0) / (1 - p);
  node.failed = { group, p, cost: model.groupCost[group] ?? 0, node: searchNode(rest) };
  return node.failed;
}

/** P(answer | cause) per informative answer of the question, in the order of `outcomesOf`. */
function answerColumns(model: SearchModel, question: Question): readonly Float64Array[] {
  return question.kind === 'error-code' ? model.reports : (model.answers.get(question.id) ?? []);
}

/** Beliefs after each possible answer (informative answers only), with the answer's probability (once per node and question). */
export function outcomesOf(model: SearchModel, question: Question, node: SearchNode): Outcome[] {
  node.outcomes ??= new Map();
  const known = node.outcomes.get(question);
  if (known) return known;
  const found = answerColumns(model, question).map((likelihood): Outcome => {
    const next = new Float64Array(node.dist.length);
    return { p: update(node.dist, likelihood, next), node: searchNode(next) };
  });
  node.outcomes.set(question, found);
  return found;
}

/**
 * Σ P(answer) · repair cost after it, over the question's informative answers at `node` (answers below 1e-9
 * left out), with the same arithmetic as `outcomesOf` then `repairCost`: a question's value one step deep.
 * The beliefs after each answer are worked out in scratch space instead of as nodes: most are never looked
 * at again (the shortlisted questions' answers at the root are made again as nodes, for the step after).
 */
export function repairAfterAnswers(model: SearchModel, question: Question, node: SearchNode, options: CostOptions): number {
  let informative = 0;
  const next = model.scratch.next;
  for (const likelihood of answerColumns(model, question)) {
    const p = update(node.dist, likelihood, next);
    informative += p > 1e-9 ? p * planCost(model, next, options) : 0;
  }
  return informative;
}

/** Bayes' rule into `next` (as long as `dist`): dist × likelihood, normalised; returns the answer's probability. */
function update(dist: Float64Array, likelihood: Float64Array, next: Float64Array): number {
  let p = 0;
  for (let i = 0; i < dist.length; i += 1) {
    const joint = (dist[i] ?? 0) * (likelihood[i] ?? 0);
    next[i] = joint;
    p += joint;
  }
  if (p > 0) for (let i = 0; i < dist.length; i += 1) next[i] = (next[i] ?? 0) / p;
  return p;
}
