import type { Knowledge, Question } from '../knowledgeTypes.ts';
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
  /** Question id → P(yes | cause) per cause (0.5 for the unknown cause). */
  yes: Map<string, Float64Array>;
  /** P(report | cause) per error entry (uniform for the unknown cause). */
  reports: Float64Array[];
};

const models = new WeakMap<Knowledge, SearchModel>();

/** Compiles (once per knowledge object) the arrays the search runs on. */
export function searchModel(knowledge: Knowledge, errorTable: Map<string, Map<string, number>>): SearchModel {
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
  const model = { n, groupOf, groupCount: fixIndex.size, yes, reports };
  models.set(knowledge, model);
  return model;
}

export type CostOptions = { fixCost: number; handoffCost: number; plausible: number };

/** Expected cost of trying the fix groups in order of probability, then handing off if none worked. */
export function expectedCostOfRepair(model: SearchModel, dist: Float64Array, options: CostOptions): number {
  const sums = new Float64Array(model.groupCount);
  for (let i = 0; i < model.n; i += 1) {
    const group = model.groupOf[i] ?? -1;
    if (group >= 0) sums[group] = (sums[group] ?? 0) + (dist[i] ?? 0);
  }
  sums.sort();
  let reach = 1;
  let cost = 0;
  for (let g = sums.length - 1; g >= 0 && (sums[g] ?? 0) >= options.plausible; g -= 1) {
    cost += options.fixCost * reach;
    reach -= sums[g] ?? 0;
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

/** The most likely fix group (at least `plausible`) and the beliefs if trying its fix fails. */
export function afterFailedFix(model: SearchModel, dist: Float64Array, plausible: number): { p: number; dist: Float64Array } | undefined {
  const sums = new Float64Array(model.groupCount);
  for (let i = 0; i < model.n; i += 1) {
    const group = model.groupOf[i] ?? -1;
    if (group >= 0) sums[group] = (sums[group] ?? 0) + (dist[i] ?? 0);
  }
  let top = -1;
  for (let g = 0; g < sums.length; g += 1) if ((sums[g] ?? 0) >= plausible && (top < 0 || (sums[g] ?? 0) > (sums[top] ?? 0))) top = g;
  if (top < 0) return undefined;
  const p = sums[top] ?? 0;
  const rest = new Float64Array(dist.length);
  for (let i = 0; i < dist.length; i += 1) rest[i] = model.groupOf[i] === top || p >= 1 ? 0 : (dist[i] ?? 0) / (1 - p);
  return { p, dist: rest };
}
