import type { Diagnoser } from './diagnoser.ts';
import type { Answer } from './knowledgeTypes.ts';
import type { Understanding } from './language/languageModel.ts';
import { absorb, type Absorbed } from './absorb.ts';
import { describe, withTriedFixes } from './intake.ts';
import { acknowledgement, handoff, proceed } from './proceed.ts';
import { explain } from './explain.ts';
import { afterAgent, whileHandedOff } from './handoffStep.ts';
import { newSession, type Reply, type Session, type StepResult, type TurnInput } from './session.ts';

/** Intents are only trusted on short replies; longer texts are descriptions that may mention anything. */
const SHORT = 8;
const INTENT_CONFIDENCE = 0.7;

/**
 * One turn of the diagnosis as a pure transition: the session and what the person sent in, the next
 * session and what to say out (as data). Never sends, stores or logs.
 */
export function step(diagnoser: Diagnoser, session: Session, input: TurnInput, priors?: ReadonlyMap<string, number>): StepResult {
  const u = diagnoser.language.understand(input.text);
  const intent = interruption(session, input, u);
  if (intent === 'restart') {
    const closedCase = session.phase === 'handed-off' ? session.handoff?.caseId : undefined;
    return { session: newSession(), replies: [{ kind: 'message', id: 'restart' }], ...(closedCase ? { closedCase } : {}) };
  }
  if (session.phase === 'handed-off') return whileHandedOff(session, input, u);
  // What the message says still goes into the diagnosis the agent receives ("0x904 again, get me a human").
  if (intent === 'agent') return handoff(absorb(diagnoser, session, u, 'stated', u.saysNoCode).session, 'requested');
  if (session.phase === 'agent-verify') return afterAgent(session, input.value?.answer ?? u.answer);
  if (intent === 'help') return { session, replies: [{ kind: 'message', id: 'help' }, ...repeatPending(session)] };
  if (intent === 'why') return { session, replies: [explain(diagnoser, session, priors), ...repeatPending(session)] };
  if (intent === 'greet') return { session, replies: [{ kind: 'message', id: 'greet-back' }, ...repeatPending(session)] };
  if (intent === 'thanks' && session.phase !== 'verifying') {
    const id = session.phase === 'resolved' ? 'thanks' : session.phase === 'describe' ? 'bye' : 'thanks-continue';
    return { session, replies: [{ kind: 'message', id }, ...repeatPending(session)] };
  }
  return noteFrustration(u, converse(diagnoser, session, input, u, priors));
}

function converse(diagnoser: Diagnoser, session: Session, input: TurnInput, u: Understanding, priors?: ReadonlyMap<string, number>): StepResult {
  switch (session.phase) {
    case 'describe':
    case 'resolved':
      return describe(diagnoser, session.phase === 'resolved' ? newSession() : session, u, priors);
    case 'asking':
      return answerQuestion(diagnoser, session, input, u, priors);
    case 'verifying':
      return verify(diagnoser, session, input, u, priors);
    case 'offered-agent':
      return offeredAgent(diagnoser, session, input, u, priors);
    case 'handed-off':
    case 'agent-verify':
      return { session, replies: [] };
  }
}

/** Strong frustration: say once, up front, that a person is a word away; the diagnosis goes on. */
function noteFrustration(u: Understanding, result: StepResult): StepResult {
  if (!u.frustrated || result.handoff || result.session.frustrationNoted || result.session.phase === 'handed-off') return result;
  return { ...result, session: { ...result.session, frustrationNoted: true }, replies: [{ kind: 'message', id: 'agent-offer-frustrated' }, ...result.replies] };
}

type Interruption = 'agent' | 'restart' | 'help' | 'why' | 'thanks' | 'greet' | undefined;

function interruption(session: Session, input: TurnInput, u: Understanding): Interruption {
  const action = input.value?.action;
  if (action === 'agent' || action === 'restart' || action === 'help' || action === 'why') return action;
  if (u.wantsPerson) return 'agent';
  const { intent, confidence } = u.intent;
  if (u.wordCount > SHORT || confidence < INTENT_CONFIDENCE) return undefined;
  // A clear answer to what was asked beats a guessed intent ("yes, that fixed it" is not a question about why).
  const awaitsAnswer = session.phase === 'asking' || session.phase === 'verifying' || session.phase === 'offered-agent' || session.phase === 'agent-verify';
  if (awaitsAnswer && u.answer && confidence < 1) return undefined;
  if (intent === 'agent' || intent === 'restart' || intent === 'help' || intent === 'why' || intent === 'thanks' || intent === 'greet') return intent;
  return undefined;
}

function repeatPending(session: Session): Reply[] {
  if (session.phase === 'asking' && session.pendingQuestion) return [{ kind: 'question', questionId: session.pendingQuestion, reprompt: true }];
  if (session.phase === 'verifying') return [{ kind: 'verify', reprompt: true }];
  return [];
}

function answerQuestion(d: Diagnoser, session: Session, input: TurnInput, u: Understanding, priors?: ReadonlyMap<string, number>): StepResult {
  const questionId = session.pendingQuestion;
  const question = d.knowledge.questions.find((q) => q.id === questionId);
  if (!question) return proceed(d, { ...session, phase: 'describe' }, [], priors);
  const clicked = input.value?.questionId === question.id ? input.value.answer : undefined;
  if (question.kind === 'error-code') {
    const saysNone = clicked === 'no' || u.saysNoCode || (u.answer === 'no' && u.errorIds.length === 0);
    const unsure = clicked === 'unsure' || ((u.answer === 'unsure' || u.answer === 'yes') && u.errorIds.length === 0 && u.unknownCodes.length === 0);
    // Any other reply is an error text: known ones feed the diagnosis; an unknown one is kept and we move on.
    const unknownText = !clicked && !saysNone && !unsure && u.errorIds.length === 0 && u.unknownCodes.length === 0 && input.text.trim() !== '' ? input.text.trim() : undefined;
    const absorbed = withTriedFixes(d, absorb(d, session, u, 'answered', saysNone, undefined, unknownText), u, priors);
    if ('replies' in absorbed) return absorbed;
    if (absorbed.progress || unsure || u.unknownCodes.length > 0 || absorbed.unknownMessage || unknownText) return answered(d, absorbed, question.id, unsure, priors);
    return notUnderstood(session, { kind: 'question', questionId: question.id, reprompt: true });
  }
  const stated = u.facts.find((f) => f.questionId === question.id)?.value;
  // "yes, it pings" to the port test answers the ping question, not this one: what the port does stays unknown.
  const instead = !clicked && stated === undefined && u.facts.some((f) => question.answeredInstead?.includes(f.questionId));
  const answer: Answer | undefined = clicked ?? stated ?? (instead ? 'unsure' : u.answer);
  const absorbed = withTriedFixes(d, absorb(d, session, u, 'answered', false, answer && answer !== 'unsure' ? { questionId: question.id, value: answer } : undefined), u, priors);
  if ('replies' in absorbed) return absorbed;
  if (answer) return answered(d, absorbed, question.id, answer === 'unsure', priors);
  if (absorbed.progress) return answered(d, absorbed, question.id, false, priors, true);
  return notUnderstood(session, { kind: 'question', questionId: question.id, reprompt: true });
}

function answered(d: Diagnoser, absorbed: Absorbed, questionId: string, unsure: boolean, priors?: ReadonlyMap<string, number>, unanswered = false): StepResult {
  const session: Session = { ...absorbed.session, unrecognised: 0 };
  delete session.pendingQuestion;
  if (unsure) session.unsure = [...session.unsure, questionId];
  // A reply about something else leaves the question open; it may be asked again.
  if (unanswered) session.asked = session.asked.filter((id) => id !== questionId);
  return proceed(d, session, acknowledgement(absorbed), priors);
}

function verify(d: Diagnoser, session: Session, input: TurnInput, u: Understanding, priors?: ReadonlyMap<string, number>): StepResult {
  const proposal = session.proposal;
  if (!proposal) return proceed(d, { ...session, phase: 'describe' }, [], priors);
  const clicked = input.value?.answer;
  // Reporting something new instead of answering ("now it says 0x204") means the fix did not solve it.
  const reportsNews = u.errorIds.some((id) => !session.evidence.errors.includes(id)) || u.facts.some((f) => session.evidence.facts[f.questionId]?.value !== f.value);
  const answer = clicked ?? u.answer ?? u.verdict ?? (reportsNews ? 'no' : undefined);
  if (answer !== 'yes' && answer !== 'no') {
    // "Not sure" is understood: the person has not tried it yet.
    return notUnderstood(session, { kind: 'verify', reprompt: true }, answer === 'unsure' ? 'try-it-first' : 'fallback');
  }
  const worked = answer === 'yes';
  const attempt = { fixId: proposal.fixId, causeIds: proposal.causeIds, outcome: worked ? ('worked' as const) : ('failed' as const) };
  const absorbed = absorb(d, session, u, 'answered', false);
  const next: Session = { ...absorbed.session, fixesTried: [...session.fixesTried, attempt], unrecognised: 0 };
  delete next.proposal;
  const outcome = {
    fixId: proposal.fixId,
    causeIds: proposal.causeIds,
    worked,
    errors: next.evidence.errors,
    facts: Object.fromEntries(Object.entries(next.evidence.facts).map(([q, f]) => [q, f.value])),
  };
  if (worked) return { session: { ...next, phase: 'resolved' }, replies: [{ kind: 'message', id: 'resolved' }], outcome };
  next.evidence = { ...next.evidence, ruledOut: [...next.evidence.ruledOut, ...proposal.causeIds] };
  const result = proceed(d, next, [{ kind: 'message', id: 'next-cause' }], priors);
  return { ...result, outcome };
}

function offeredAgent(d: Diagnoser, session: Session, input: TurnInput, u: Understanding, priors?: ReadonlyMap<string, number>): StepResult {
  const answer = input.value?.answer ?? u.answer;
  if (answer === 'yes') return handoff(session, 'requested');
  const resumed: Session = { ...session, phase: session.resumePhase ?? 'describe' };
  delete resumed.resumePhase;
  if (answer === 'no' || input.value?.action === 'continue') return { session: { ...resumed, unrecognised: 0 }, replies: repeatPending(resumed) };
  const retried = step(d, { ...resumed, unrecognised: 0 }, input, priors);
  if (retried.replies.some((r) => r.kind === 'question' && r.reprompt) && retried.session.unrecognised > 0) {
    // Two replies in a row not understood, even after the offer: a person will do better.
    return handoff(session, 'not-understood');
  }
  return retried;
}

function notUnderstood(session: Session, reprompt: Reply, message: 'fallback' | 'try-it-first' = 'fallback'): StepResult {
  const unrecognised = session.unrecognised + 1;
  if (unrecognised >= 2) {
    return { session: { ...session, unrecognised, phase: 'offered-agent', resumePhase: session.phase }, replies: [{ kind: 'offer-agent', why: 'not-understood' }] };
  }
  return { session: { ...session, unrecognised }, replies: [{ kind: 'message', id: message }, reprompt] };
}
