import type { Fix, FixEffort, Question, Risk, Where } from '../knowledgeTypes.ts';

/** How the person's effort is weighed, in minutes of their time. */
export type EffortWeights = {
  /** Minutes-equivalent of a question of cost 1: reading, checking and answering, plus the patience it uses. */
  questionMinutes: number;
  /** Multiplier on a fix's minutes by where it runs (walking to the server room, signing in to a portal). */
  where: Record<Where, number>;
  /** Extra minutes when an administrator is needed (finding one, elevating). */
  admin: number;
  /** Extra minutes by the worst risk of a step (backups, care, undo). */
  risk: Record<Risk, number>;
};

export const DEFAULT_EFFORT_WEIGHTS: EffortWeights = {
  questionMinutes: 5,
  where: { 'client-pc': 1, 'remote-host': 1.4, 'azure-portal': 1.2, 'cloud-shell': 1.2, 'gateway-server': 1.5, network: 1.5 },
  admin: 4,
  risk: { low: 0, medium: 4, high: 12 },
};

const RISK_ORDER: readonly Risk[] = ['low', 'medium', 'high'];

/**
 * The fix's effort as the knowledge states it, or, when it does not, derived from its steps: a few minutes
 * per step that is not a last resort, the place of the first step, admin when any step needs it.
 */
export function fixEffort(fix: Fix): FixEffort {
  if (fix.effort) return fix.effort;
  const main = fix.steps.filter((s) => !s.lastResort);
  const steps = main.length > 0 ? main : fix.steps;
  return { minutes: 3 + 4 * Math.min(steps.length, 4), where: steps[0]?.where ?? 'client-pc', admin: steps.some((s) => s.admin) };
}

/** The worst risk of the first two steps that are not last resorts (later ones are cautions and fall-backs). */
export function fixRisk(fix: Fix): Risk {
  const risks = fix.steps
    .filter((s) => !s.lastResort)
    .slice(0, 2)
    .map((s) => RISK_ORDER.indexOf(s.risk));
  return RISK_ORDER[Math.max(0, ...risks)] ?? 'low';
}

/** What trying the fix costs the person, in minutes: effort × place, plus admin and risk. */
export function fixCost(fix: Fix, weights: EffortWeights = DEFAULT_EFFORT_WEIGHTS): number {
  const effort = fixEffort(fix);
  return effort.minutes * weights.where[effort.where] + (effort.admin ? weights.admin : 0) + weights.risk[fixRisk(fix)];
}

/** What answering the question costs the person, in minutes (its cost is in units of an easy question). */
export function questionCost(question: Question, weights: EffortWeights = DEFAULT_EFFORT_WEIGHTS): number {
  return question.cost * weights.questionMinutes;
}
