import type { Diagnoser } from './diagnoser.ts';
import { agentEvent } from './handoffStep.ts';
import type { MessageId } from './messageIds.ts';
import type { AgentEvent, HandoffReason, OutcomeRecord, Reply, Session, StepResult, TurnInput } from './session.ts';
import { step } from './step.ts';

/** Everything that can happen to a diagnosis: the person writes or clicks, the agent side or a platform reports. */
export type EngineEvent =
  | { kind: 'message'; input: TurnInput }
  | { kind: 'agent'; event: AgentEvent }
  /** A contact-centre platform's handoff.status (accepted, completed, failed). */
  | { kind: 'handoff-status'; state: string }
  /** What a started hand-off came to: queued on the desk, refused by the platform, a ticket, the desk closed until. */
  | { kind: 'handoff-outcome'; outcome: HandoffOutcome };

export type HandoffOutcome = { queued?: AgentEvent; platformRefused?: boolean; ticket?: { number: string } | 'pending'; closedUntil?: string };

/**
 * What the dialog carries out, in order: say a reply (a message, a question, a fix), record a verified
 * outcome, start a hand-off (handoff.initiate and the desk queue), queue on the built-in desk after a
 * platform failed, relay the person's words to the agent's case, close a case the person left.
 */
export type Effect =
  | { kind: 'say'; reply: Reply }
  | { kind: 'record-outcome'; outcome: OutcomeRecord }
  | { kind: 'hand-off'; reason: HandoffReason }
  | { kind: 'queue-on-desk'; reason: HandoffReason }
  | { kind: 'relay'; caseId: string; text: string }
  | { kind: 'close-case'; caseId: string };

export type Transition = { session: Session; effects: Effect[] };

/**
 * The engine's one entry point, a pure transition like xstate's: (session, event) → next session and the ordered
 * effects. Never sends, stores or logs; `priors` are the learned cause priors, when learning is on.
 */
export function transition(d: Diagnoser, session: Session, event: EngineEvent, priors?: ReadonlyMap<string, number>): Transition {
  switch (event.kind) {
    case 'message':
      return effectsOf(step(d, session, event.input, priors));
    case 'agent':
      return effectsOf(agentEvent(d, session, event.event));
    case 'handoff-status':
      return handoffStatus(d, session, event.state);
    case 'handoff-outcome':
      return handoffOutcome(d, session, event.outcome);
  }
}

/** Says what a started hand-off came to: the platform refused (our desk instead), the queue place, closed hours, the ticket. */
function handoffOutcome(d: Diagnoser, session: Session, outcome: HandoffOutcome): Transition {
  const say = (id: MessageId, params?: Record<string, string>): Effect => ({ kind: 'say', reply: { kind: 'message', id, ...(params ? { params } : {}) } });
  const refused = outcome.platformRefused ? [say('handoff-failed')] : [];
  if (!outcome.queued) return { session, effects: refused };
  const queued = effectsOf(agentEvent(d, session, outcome.queued));
  const after: Effect[] = [];
  if (outcome.closedUntil) after.push(say('desk-closed', { when: outcome.closedUntil }));
  if (outcome.ticket === 'pending') after.push(say('ticket-pending'));
  else if (outcome.ticket) after.push(say('ticket-created', { number: outcome.ticket.number }));
  return { session: queued.session, effects: [...refused, ...queued.effects, ...after] };
}

/** A platform's handoff.status only matters while handed off: accepted, completed (back to the bot), failed (our desk). */
function handoffStatus(d: Diagnoser, session: Session, state: string): Transition {
  if (session.phase !== 'handed-off') return { session, effects: [] };
  if (state === 'accepted') return effectsOf(agentEvent(d, session, { kind: 'external-accepted' }));
  if (state === 'completed') return effectsOf(agentEvent(d, session, { kind: 'agent-ended' }));
  if (state === 'failed') return { session, effects: [{ kind: 'say', reply: { kind: 'message', id: 'handoff-failed' } }, { kind: 'queue-on-desk', reason: 'requested' }] };
  return { session, effects: [] };
}

function effectsOf(result: StepResult): Transition {
  const effects: Effect[] = [];
  if (result.relay) effects.push({ kind: 'relay', ...result.relay });
  if (result.closedCase) effects.push({ kind: 'close-case', caseId: result.closedCase });
  if (result.outcome) effects.push({ kind: 'record-outcome', outcome: result.outcome });
  effects.push(...result.replies.map((reply): Effect => ({ kind: 'say', reply })));
  if (result.handoff) effects.push({ kind: 'hand-off', reason: result.handoff });
  return { session: result.session, effects };
}
