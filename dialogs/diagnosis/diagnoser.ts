import type { Knowledge } from './knowledgeTypes.ts';
import { buildLanguageModel, type LanguageModel } from './language/languageModel.ts';
import { DEFAULT_DECISION_OPTIONS, decideNext, type Decision, type DecisionOptions } from './model/decide.ts';
import { errorLikelihoods } from './model/posterior.ts';
import type { Session } from './session.ts';

/** The knowledge with everything derived from it once at start-up: language model, error likelihoods. */
export type Diagnoser = {
  knowledge: Knowledge;
  language: LanguageModel;
  options: DecisionOptions;
  /** P(report | cause), computed once. */
  errorTable: Map<string, Map<string, number>>;
  decide(session: Session, priors?: ReadonlyMap<string, number>): Decision;
};

/** Builds the diagnoser once per process (training the intent classifier takes a few tens of ms). */
export function createDiagnoser(knowledge: Knowledge, options: DecisionOptions = DEFAULT_DECISION_OPTIONS): Diagnoser {
  const errorTable = errorLikelihoods(knowledge);
  return {
    knowledge,
    language: buildLanguageModel(knowledge),
    options,
    errorTable,
    decide(session, priors) {
      const failedFixes = session.fixesTried.filter((f) => f.outcome === 'failed').length;
      const answered = session.asked.filter((id) => id !== session.pendingQuestion);
      const expected = answered.reduce((sum, id) => sum + (knowledge.questions.find((q) => q.id === id)?.unsureRate ?? 0), 0);
      const answers = { unsure: session.unsure.length, expected };
      // A code or text the knowledge does not know is not asked for again: the person has told what they see.
      const toldUnknown = session.codes.unknown.length > 0 || (session.unknownMessages ?? []).length > 0;
      const asked = new Set([...session.asked, ...(toldUnknown ? knowledge.questions.filter((q) => q.kind === 'error-code').map((q) => q.id) : [])]);
      return decideNext(knowledge, session.evidence, { asked, failedFixes, errorTable, answers, ...(priors ? { priors } : {}) }, options);
    },
  };
}
