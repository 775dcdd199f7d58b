import type { Diagnoser } from './diagnoser.ts';
import { posterior, pYes } from './model/posterior.ts';
import type { Reply, Session } from './session.ts';
import { wordingOf } from './wording.ts';

const MAX_REASONS = 2;

/**
 * Why the bot leans the way it does: the leading cause and the one or two observations that favour it
 * most over the other candidates (largest likelihood ratio).
 */
export function explain(d: Diagnoser, session: Session, priors?: ReadonlyMap<string, number>): Reply {
  const { knowledge } = d;
  const table = d.errorTable;
  const say = wordingOf(knowledge);
  const ranked = posterior(knowledge, session.evidence, table, priors).filter((r) => r.p > 0);
  const top = ranked[0];
  const rest = ranked.slice(1);
  if (!top || (session.evidence.errors.length === 0 && Object.keys(session.evidence.facts).length === 0)) return { kind: 'why', reasons: [] };
  const restMass = rest.reduce((sum, r) => sum + r.p, 0) || 1;
  const average = (f: (causeId: string) => number): number => rest.reduce((sum, r) => sum + r.p * f(r.cause.id), 0) / restMass;
  const reasons: Array<{ text: string; ratio: number }> = [];
  for (const errorId of session.evidence.errors) {
    const error = knowledge.errors.find((e) => e.id === errorId);
    const mine = table.get(top.cause.id)?.get(errorId) ?? 0;
    const others = average((id) => table.get(id)?.get(errorId) ?? 0);
    if (error && !error.generic) reasons.push({ text: say('why-reported', { error: error.title }), ratio: mine / (others || 1e-9) });
  }
  for (const [questionId, fact] of Object.entries(session.evidence.facts)) {
    const question = knowledge.questions.find((q) => q.id === questionId);
    if (!question) continue;
    const like = (causeId: string): number => {
      const cause = knowledge.causes.find((c) => c.id === causeId);
      const p = cause ? pYes(cause, questionId, question.otherwise) : 0.5;
      return fact.value === 'yes' ? p : 1 - p;
    };
    reasons.push({ text: say(fact.value === 'yes' ? 'why-fact-yes' : 'why-fact-no', { fact: question.fact }), ratio: like(top.cause.id) / (average(like) || 1e-9) });
  }
  const best = reasons.filter((r) => r.ratio > 1).sort((a, b) => b.ratio - a.ratio).slice(0, MAX_REASONS).map((r) => r.text);
  return { kind: 'why', causeId: top.cause.id, p: top.p, reasons: best };
}
