import type { Diagnoser } from './diagnoser.ts';
import type { FactValue } from './language/factExtractor.ts';
import type { Understanding } from './language/languageModel.ts';
import type { FactSource } from './model/evidence.ts';
import { redactSecrets } from './redact.ts';
import type { Session } from './session.ts';

const MESSAGE_CHARS = 300;
const MESSAGES_KEPT = 3;

export type Absorbed = {
  session: Session;
  /** Facts learnt in passing (not the direct answer to the question), for "Got it: ...". */
  newFacts: Array<{ questionId: string; value: FactValue }>;
  newErrors: string[];
  unknownCodes: string[];
  /** An error text the knowledge does not know was kept. */
  unknownMessage: boolean;
  /** Anything new at all, the direct answer included. */
  progress: boolean;
};

/**
 * Merges what a message says into the session's evidence: error reports, stated facts (a later statement
 * replaces an earlier one), codes, and "no code" as the generic report when nothing else is known.
 */
export function absorb(
  d: Diagnoser,
  session: Session,
  u: Understanding,
  source: FactSource,
  saysNoCode: boolean,
  direct?: { questionId: string; value: FactValue },
  unknownText?: string,
): Absorbed {
  const facts = { ...session.evidence.facts };
  const newFacts: Absorbed['newFacts'] = [];
  let progress = false;
  for (const fact of u.facts) {
    if (fact.questionId === direct?.questionId) continue;
    if (facts[fact.questionId]?.value === fact.value) continue;
    facts[fact.questionId] = { value: fact.value, source };
    newFacts.push({ questionId: fact.questionId, value: fact.value });
  }
  if (direct && facts[direct.questionId]?.value !== direct.value) {
    facts[direct.questionId] = { value: direct.value, source: 'answered' };
    progress = true;
  }
  const errors = [...session.evidence.errors];
  const newErrors = u.errorIds.filter((id) => !errors.includes(id));
  errors.push(...newErrors);
  const generic = d.knowledge.errors.find((e) => e.generic)?.id;
  if (saysNoCode && generic && errors.length === 0) {
    errors.push(generic);
    progress = true;
  }
  const unknownCodes = u.unknownCodes.filter((c) => !session.codes.unknown.includes(c));
  const codes = {
    main: union(session.codes.main, u.codes.main.filter((c) => !u.unknownCodes.includes(c))),
    extended: union(session.codes.extended, u.codes.extended),
    unknown: union(session.codes.unknown, unknownCodes),
  };
  // A quoted text (or the reply to "which error?") that matches nothing known is kept for the person who takes over.
  const message = u.errorIds.length === 0 ? (unknownText ?? u.quoted) : undefined;
  const kept = message ? redactSecrets(message).slice(0, MESSAGE_CHARS) : undefined;
  const isNew = kept !== undefined && !(session.unknownMessages ?? []).includes(kept);
  const unknownMessages = isNew ? [...(session.unknownMessages ?? []), kept].slice(-MESSAGES_KEPT) : session.unknownMessages;
  return {
    session: { ...session, evidence: { ...session.evidence, facts, errors }, codes, ...(unknownMessages ? { unknownMessages } : {}) },
    unknownMessage: isNew,
    newFacts,
    newErrors,
    unknownCodes,
    progress: progress || newFacts.length > 0 || newErrors.length > 0,
  };
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}
