import type { Absorbed } from './absorb.ts';
import type { Diagnoser } from './diagnoser.ts';
import type { HandoffReason, Reply, Session, StepResult } from './session.ts';

/** Ends the diagnosis with a hand-off: what to say first, then the hand-off itself. */
export function handoff(session: Session, reason: HandoffReason, before: Reply[] = []): StepResult {
  const next: Session = { ...session, phase: 'handed-off' };
  delete next.pendingQuestion;
  return { session: next, replies: [...before, { kind: 'handoff', reason }], handoff: reason };
}

/** "Got it: ..." for what a message added (facts in passing, errors, unknown codes or texts), if anything. */
export function acknowledgement(absorbed: Absorbed): Reply[] {
  const { newFacts, newErrors, unknownCodes, unknownMessage } = absorbed;
  if (newFacts.length === 0 && newErrors.length === 0 && unknownCodes.length === 0 && !unknownMessage) return [];
  return [{ kind: 'acknowledge', facts: newFacts, errorIds: newErrors, unknownCodes, ...(unknownMessage ? { unknownMessage } : {}) }];
}

/** Asks the next question, proposes a fix, or hands off, as the decision model says. */
export function proceed(d: Diagnoser, session: Session, before: Reply[], priors?: ReadonlyMap<string, number>): StepResult {
  const { action } = d.decide(session, priors);
  if (action.kind === 'handoff') {
    const message = action.reason === 'out-of-scope' ? 'handoff-out-of-scope' : 'handoff-exhausted';
    return handoff(session, action.reason, [...before, { kind: 'message', id: message }]);
  }
  if (action.kind === 'ask') {
    const next: Session = { ...session, phase: 'asking', pendingQuestion: action.questionId, asked: [...session.asked, action.questionId] };
    return { session: next, replies: [...before, { kind: 'question', questionId: action.questionId, reprompt: false }] };
  }
  const next: Session = { ...session, phase: 'verifying', proposal: { fixId: action.fixId, causeIds: action.causeIds, p: action.p } };
  delete next.pendingQuestion;
  return { session: next, replies: [...before, { kind: 'fix', fixId: action.fixId, causeIds: action.causeIds, p: action.p }] };
}
