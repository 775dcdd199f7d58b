import type { Knowledge } from '../knowledgeTypes.ts';
import type { Evidence } from './evidence.ts';
import { causeWeights } from './posterior.ts';

export const UNKNOWN = '(unknown)';
export type Dist = Map<string, number>;

export type BeliefContext = { errorTable: Map<string, Map<string, number>>; priors?: ReadonlyMap<string, number> };

/** Posterior including the unknown cause, as a map id → probability; ruled-out causes get 0. */
export function beliefs(knowledge: Knowledge, evidence: Evidence, context: BeliefContext, unknownPrior: number): Dist {
  const weights = causeWeights(knowledge, evidence, context.errorTable, context.priors);
  const priorTotal = knowledge.causes.reduce((sum, c) => sum + (context.priors?.get(c.id) ?? c.prior), 0);
  // The unknown cause explains every report and answer equally: 1/n per error report, 1/2 per answer.
  let unknownWeight = unknownPrior * priorTotal;
  unknownWeight *= (1 / knowledge.errors.length) ** evidence.errors.length;
  unknownWeight *= 0.5 ** Object.keys(evidence.facts).length;
  // Summed in the distribution's order: the causes, then the unknown cause.
  const total = weights.reduce((a, b) => a + b, 0) + unknownWeight;
  const dist: Dist = new Map(knowledge.causes.map((cause, i) => [cause.id, total > 0 ? (weights[i] ?? 0) / total : 0]));
  dist.set(UNKNOWN, total > 0 ? unknownWeight / total : 0);
  return dist;
}

export type Group = { fixId?: string; causeIds: string[]; p: number };

/** Causes sharing a fix form one attempt; out-of-scope causes and the unknown one have no fix. Most likely first. */
export function fixGroups(knowledge: Knowledge, dist: Dist): Group[] {
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

/** The distribution as the search's vector: causes in knowledge order, then the unknown cause. */
export function toVector(knowledge: Knowledge, dist: Dist): Float64Array {
  return Float64Array.from([...knowledge.causes.map((c) => dist.get(c.id) ?? 0), dist.get(UNKNOWN) ?? 0]);
}
