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
  /** Question id → P(yes | cause) per cause (0.5 for the unknown cause). */
  yes: Map<string, Float64Array>;
  /** P(report | cause) per error entry (uniform for the unknown cause). */
  reports: Float64Array[];
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
  const yes = new Map<string, Float64Array>();
  for (const question of knowledge.questions.filter((q) => q.kind === 'yes-no')) {
    const column = new Float64Array(n + 1);
    knowledge.causes.forEach((cause, i) => (column[i] = pYes(cause, question.id, question.otherwise)));
    column[n] = 0.5;
    yes.set(question.id, column);
  }
  const reports = knowledge.errors.map((error) => {
    const column = new Float64Array(n + 1);
    knowledge.causes.forEach((cause, i) => (column[i] = errorTable.get(cause.id)?.get(error.id) ?? 0));
    column[n] = 1 / knowledge.errors.length;
    return column;
  });
  const model = { n, groupOf, groupCount: fixIndex.size, groupFix: [...fixIndex.keys()], groupCost, yes, reports };
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
 * the fixes before it having failed.
 */
export function fixPlan(model: SearchModel, dist: Float64Array, options: CostOptions): Array<{ group: number; p: number; reach: number }> {
  const sums = groupMass(model, dist);
  const order = [...sums.keys()].filter((g) => (sums[g] ?? 0) >= options.plausible);
  const index = (g: number): number => (sums[g] ?? 0) / ((model.groupCost[g] ?? 0) + options.wrongFix);
  order.sort((a, b) => index(b) - index(a));
  const plan: Array<{ group: number; p: number; reach: number }> = [];
  let reach = 1;
  for (const group of order) {
    const p = sums[group] ?? 0;
    const conditional = reach > 0 ? p / reach : 0;
    if ((model.groupCost[group] ?? 0) + (1 - conditional) * options.wrongFix >= conditional * options.handoffCost) break;
    plan.push({ group, p, reach });
    reach -= p;
  }
  return plan;
}

/** Expected cost of trying the planned fixes in order, then handing off if none worked. */
export function expectedCostOfRepair(model: SearchModel, dist: Float64Array, options: CostOptions): number {
  let cost = 0;
  let reach = 1;
  for (const step of fixPlan(model, dist, options)) {
    cost += step.reach * (model.groupCost[step.group] ?? 0) + (step.reach - step.p) * options.wrongFix;
    reach = step.reach - step.p;
  }
  return cost + options.handoffCost * Math.max(0, reach);
}

/** Beliefs after each possible answer (informative answers only), with the answer's probability. */
export function outcomes(model: SearchModel, question: Question, dist: Float64Array): Array<{ p: number; dist: Float64Array }> {
  if (question.kind === 'error-code') return model.reports.map((likelihood) => update(dist, likelihood, false));
  const column = model.yes.get(question.id);
  if (!column) return [];
  return [update(dist, column, false), update(dist, column, true)];
}

function update(dist: Float64Array, likelihood: Float64Array, complement: boolean): { p: number; dist: Float64Array } {
  const next = new Float64Array(dist.length);
  let p = 0;
  for (let i = 0; i < dist.length; i += 1) {
    const l = likelihood[i] ?? 0;
    const joint = (dist[i] ?? 0) * (complement ? 1 - l : l);
    next[i] = joint;
    p += joint;
  }
  if (p > 0) for (let i = 0; i < next.length; i += 1) next[i] = (next[i] ?? 0) / p;
  return { p, dist: next };
}

/** The first fix of the plan, its cost, and the beliefs if trying it fails. */
export function afterFailedFix(model: SearchModel, dist: Float64Array, options: CostOptions): { group: number; p: number; cost: number; dist: Float64Array } | undefined {
  const first = fixPlan(model, dist, options)[0];
  if (!first) return undefined;
  const { group, p } = first;
  const rest = new Float64Array(dist.length);
  for (let i = 0; i < dist.length; i += 1) rest[i] = model.groupOf[i] === group || p >= 1 ? 0 : (dist[i] ?? 0) / (1 - p);
  return { group, p, cost: model.groupCost[group] ?? 0, dist: rest };
}
