import type { Knowledge } from './knowledgeTypes.ts';
import { buildLanguageModel, type LanguageModel } from './language/languageModel.ts';
import { createMemo, type Remembered } from './memo.ts';
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
  /** How often `decide` found the decision remembered (hits) or searched (misses). */
  readonly remembered: Remembered;
};

/**
 * Decisions remembered (~2 KB each): people with the same error who gave the same answers reach the same
 * beliefs, and the decision there is a pure function of them, so the search runs once per state and priors.
 */
const DECISIONS_KEPT = 2_000;

/**
 * Builds the diagnoser once per process (training the intent classifier takes a few tens of ms). `language`: a
 * language model already built from the same knowledge, for a second diagnoser with other options or a memory of
 * its own (tests build hundreds).
 */
export function createDiagnoser(knowledge: Knowledge, options: DecisionOptions = DEFAULT_DECISION_OPTIONS, decisionsKept = DECISIONS_KEPT, language?: LanguageModel): Diagnoser {
  const errorTable = errorLikelihoods(knowledge);
  const decisions = decisionsKept > 0 ? createMemo<Decision>({ max: decisionsKept, freeze: frozen }) : undefined;
  // Learned priors are replaced as a whole when they change (learningStore's cache): their object is their version.
  const priorsVersions = new WeakMap<ReadonlyMap<string, number>, number>();
  let nextPriorsVersion = 1;
  const versionOf = (priors: ReadonlyMap<string, number> | undefined): number => {
    if (!priors) return 0;
    let version = priorsVersions.get(priors);
    if (version === undefined) priorsVersions.set(priors, (version = nextPriorsVersion++));
    return version;
  };
  return {
    knowledge,
    language: language ?? buildLanguageModel(knowledge),
    options,
    errorTable,
    remembered: decisions?.remembered ?? { hits: 0, misses: 0 },
    decide(session, priors) {
      // The limit on failed fixes is the person's patience with this bot's proposals: fixes tried before do not count.
      const failedFixes = session.fixesTried.filter((f) => f.outcome === 'failed' && !f.before).length;
      const answered = session.asked.filter((id) => id !== session.pendingQuestion);
      const expected = answered.reduce((sum, id) => sum + (knowledge.questions.find((q) => q.id === id)?.unsureRate ?? 0), 0);
      const answers = { unsure: session.unsure.length, expected };
      // A code or text the knowledge does not know is not asked for again: the person has told what they see.
      const toldUnknown = session.codes.unknown.length > 0 || (session.unknownMessages ?? []).length > 0;
      const asked = new Set([...session.asked, ...(toldUnknown ? knowledge.questions.filter((q) => q.kind === 'error-code').map((q) => q.id) : [])]);
      const decide = (): Decision => decideNext(knowledge, session.evidence, { asked, failedFixes, errorTable, answers, ...(priors ? { priors } : {}) }, options);
      if (!decisions) return decide();
      // Everything decideNext reads, in the order it reads it (the same inputs give the same arithmetic).
      const { errors, facts, ruledOut } = session.evidence;
      const key = JSON.stringify([versionOf(priors), errors, Object.entries(facts).map(([id, fact]) => [id, fact.value]), ruledOut, [...asked], failedFixes, answers.unsure, answers.expected]);
      return decisions.recall(key, decide);
    },
  };
}

/** A remembered decision is shared by every conversation that reaches it: nobody may change it. */
function frozen(decision: Decision): Decision {
  for (const entry of decision.ranked) Object.freeze(entry);
  Object.freeze(decision.ranked);
  if (decision.action.kind === 'propose') Object.freeze(decision.action.causeIds);
  Object.freeze(decision.action);
  return Object.freeze(decision);
}
