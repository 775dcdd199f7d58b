import type { Diagnoser } from './diagnoser.ts';
import type { Understanding } from './language/languageModel.ts';
import type { AgentEvent, Session, StepResult, TurnInput } from './session.ts';

/** Repeat "you're still in the queue" at most this often while the person writes. */
export const QUEUE_NOTICE_MS = 120_000;

/** What happens to the person's messages while a person has (or will take) the conversation. */
export function whileHandedOff(session: Session, input: TurnInput, u: Understanding): StepResult {
  const handoff = session.handoff;
  if (!handoff) return { session, replies: [{ kind: 'message', id: 'handed-off-waiting' }] };
  const relay = handoff.caseId ? { caseId: handoff.caseId, text: input.text } : undefined;
  if (handoff.status === 'active') return { session, replies: [], ...(relay ? { relay } : {}) };
  const now = input.at ?? 0;
  const due = u.wantsPerson || handoff.lastNoticeAt === undefined || now - handoff.lastNoticeAt >= QUEUE_NOTICE_MS;
  const next: Session = due ? { ...session, handoff: { ...handoff, lastNoticeAt: now } } : session;
  return { session: next, replies: due ? [{ kind: 'message', id: 'handed-off-waiting' }] : [], ...(relay ? { relay } : {}) };
}

/** Applies what the agent side reports (queued, joined, wrote, left) to the conversation. */
export function agentEvent(_d: Diagnoser, session: Session, event: AgentEvent): StepResult {
  switch (event.kind) {
    case 'queued':
      return {
        session: { ...session, phase: 'handed-off', handoff: { caseId: event.caseId, status: 'queued' } },
        replies: [{ kind: 'message', id: 'handoff-queued', params: { position: String(event.position) } }],
      };
    case 'external-accepted':
      return { session: { ...session, phase: 'handed-off', handoff: { ...session.handoff, status: 'active' } }, replies: [] };
    case 'agent-joined':
      return {
        session: { ...session, phase: 'handed-off', handoff: { ...session.handoff, status: 'active' } },
        replies: [{ kind: 'message', id: 'agent-joined', params: { agent: event.agent } }],
      };
    case 'agent-message':
      return { session, replies: [{ kind: 'agent-text', agent: event.agent, text: event.text }] };
    case 'agent-ended': {
      const next: Session = { ...session, phase: 'agent-verify' };
      delete next.handoff;
      if (event.causeId) next.agentCauseId = event.causeId;
      return { session: next, replies: [{ kind: 'message', id: 'agent-left' }, { kind: 'verify', reprompt: false }] };
    }
  }
}

/** After the agent left: did it get solved? The verdict is a learning outcome when the agent named a cause. */
export function afterAgent(session: Session, answer: 'yes' | 'no' | 'unsure' | undefined): StepResult {
  if (answer !== 'yes' && answer !== 'no') return { session, replies: [{ kind: 'verify', reprompt: true }] };
  const causeIds = session.agentCauseId ? [session.agentCauseId] : [];
  const next: Session = { ...session, phase: answer === 'yes' ? 'resolved' : 'describe' };
  delete next.agentCauseId;
  const outcome = {
    fixId: 'human-agent',
    causeIds,
    worked: answer === 'yes',
    errors: session.evidence.errors,
    facts: Object.fromEntries(Object.entries(session.evidence.facts).map(([q, f]) => [q, f.value])),
  };
  return { session: next, replies: [{ kind: 'message', id: answer === 'yes' ? 'resolved' : 'agent-not-solved' }], outcome };
}
