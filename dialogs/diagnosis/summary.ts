import type { Diagnoser } from './diagnoser.ts';
import type { HandoffReason, Session } from './session.ts';

export type DiagnosisSummary = {
  reason: HandoffReason;
  errorCodes: { main: string[]; extended: string[]; unknown: string[] };
  /** Error texts the knowledge does not know, as the person gave them (redacted). */
  unknownMessages?: string[];
  errors: Array<{ id: string; title: string }>;
  facts: Array<{ questionId: string; label: string; value: 'yes' | 'no'; source: 'stated' | 'answered' }>;
  unsure: Array<{ questionId: string; label: string }>;
  ruledOut: Array<{ causeId: string; title: string }>;
  /** `before`: the person had tried the fix before the conversation (told, not proposed by the bot). */
  fixesTried: Array<{ fixId: string; title: string; outcome: 'worked' | 'failed'; before?: true }>;
  topCauses: Array<{ causeId: string; title: string; p: number }>;
};

const TOP_CAUSES = 3;

/** The structured diagnosis a human agent needs: what was reported, answered, ruled out and tried, and what is left. */
export function summarise(d: Diagnoser, session: Session, reason: HandoffReason, priors?: ReadonlyMap<string, number>): DiagnosisSummary {
  const { knowledge } = d;
  const title = (kind: 'causes' | 'fixes' | 'errors', id: string): string => knowledge[kind].find((x) => x.id === id)?.title ?? id;
  const label = (id: string): string => knowledge.questions.find((q) => q.id === id)?.label ?? id;
  const { ranked } = d.decide(session, priors);
  return {
    reason,
    errorCodes: session.codes,
    unknownMessages: session.unknownMessages ?? [],
    errors: session.evidence.errors.map((id) => ({ id, title: title('errors', id) })),
    facts: Object.entries(session.evidence.facts).map(([questionId, f]) => ({ questionId, label: label(questionId), value: f.value, source: f.source })),
    unsure: session.unsure.map((questionId) => ({ questionId, label: label(questionId) })),
    ruledOut: session.evidence.ruledOut.map((causeId) => ({ causeId, title: title('causes', causeId) })),
    fixesTried: session.fixesTried.map((f) => ({ fixId: f.fixId, title: title('fixes', f.fixId), outcome: f.outcome, ...(f.before ? { before: true as const } : {}) })),
    topCauses: ranked
      .filter((r) => r.p > 0)
      .slice(0, TOP_CAUSES)
      .map((r) => ({ causeId: r.cause.id, title: r.cause.title, p: Math.round(r.p * 1000) / 1000 })),
  };
}
