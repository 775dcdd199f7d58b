import type { Answer } from './knowledgeTypes.ts';
import type { MessageId } from './messageIds.ts';
import type { Evidence } from './model/evidence.ts';

export type Phase = 'describe' | 'asking' | 'verifying' | 'offered-agent' | 'resolved' | 'handed-off' | 'agent-verify';

/** A fix tried and what came of it; `before`: the person had tried it before the conversation (told, not proposed here). */
export type FixAttempt = { fixId: string; causeIds: string[]; outcome: 'worked' | 'failed'; before?: true };

/** Everything the diagnosis knows about one conversation: ids and values only, JSON-serialisable. */
export type Session = {
  phase: Phase;
  evidence: Evidence;
  codes: { main: string[]; extended: string[]; unknown: string[] };
  /** Error texts the knowledge does not know, as the person gave them (redacted, for the hand-off). */
  unknownMessages?: string[];
  /** Questions asked so far, in order. */
  asked: string[];
  /** Questions the person could not answer. */
  unsure: string[];
  pendingQuestion?: string;
  proposal?: { fixId: string; causeIds: string[]; p: number };
  fixesTried: FixAttempt[];
  /** Consecutive replies the bot could not understand. */
  unrecognised: number;
  /** Phase to return to when the person declines the offered agent. */
  resumePhase?: Phase;
  /** While handed off: the desk case (or an external platform) and whether an agent has joined. */
  handoff?: { caseId?: string; status: 'queued' | 'active'; lastNoticeAt?: number };
  /** The cause the agent named when ending the chat, to learn from the person's verdict. */
  agentCauseId?: string;
  /** A frustrated person was told once that a person is available. */
  frustrationNoted?: boolean;
};

export function newSession(): Session {
  return { phase: 'describe', evidence: { errors: [], facts: {}, ruledOut: [] }, codes: { main: [], extended: [], unknown: [] }, asked: [], unsure: [], fixesTried: [], unrecognised: 0 };
}

export type HandoffReason = 'requested' | 'out-of-scope' | 'off-topic' | 'exhausted' | 'failed-fixes' | 'not-understood';

/** What the person sent: typed text, and the value of a clicked card or button if any. */
export type TurnInput = {
  text: string;
  /** Milliseconds since the epoch; only used to space out repeated notices. */
  at?: number;
  value?: { questionId?: string; answer?: Answer; action?: 'restart' | 'help' | 'agent' | 'why' | 'continue' };
};

/** What to say, as data; the dialog renders it for the channel. */
export type Reply =
  | { kind: 'message'; id: MessageId; params?: Record<string, string> }
  | { kind: 'agent-text'; agent: string; text: string }
  | { kind: 'acknowledge'; facts: Array<{ questionId: string; value: 'yes' | 'no' }>; errorIds: string[]; unknownCodes: string[]; unknownMessage?: boolean }
  | { kind: 'question'; questionId: string; reprompt: boolean }
  | { kind: 'fix'; fixId: string; causeIds: string[]; p: number }
  | { kind: 'verify'; reprompt: boolean }
  | { kind: 'why'; causeId?: string; p?: number; reasons: string[] }
  | { kind: 'offer-agent'; why: 'not-understood' | 'frustrated' }
  | { kind: 'handoff'; reason: HandoffReason };

/** A verified outcome for learning: ids and evidence only, never free text. */
export type OutcomeRecord = {
  fixId: string;
  causeIds: string[];
  worked: boolean;
  errors: string[];
  facts: Record<string, 'yes' | 'no'>;
};

export type StepResult = {
  session: Session;
  replies: Reply[];
  outcome?: OutcomeRecord;
  handoff?: HandoffReason;
  /** While an agent (or the queue) has the conversation: the person's words go to the case. */
  relay?: { caseId: string; text: string };
  /** The person left a hand-off (restart): the case is closed. */
  closedCase?: string;
};

/** What the agent side reports into a conversation. */
export type AgentEvent =
  | { kind: 'queued'; caseId: string; position: number }
  | { kind: 'agent-joined'; agent: string }
  | { kind: 'agent-message'; agent: string; text: string }
  | { kind: 'agent-ended'; causeId?: string }
  | { kind: 'external-accepted' };
