import type { Answer } from './knowledgeTypes.ts';
import type { Evidence } from './model/evidence.ts';

export type Phase = 'describe' | 'asking' | 'verifying' | 'offered-agent' | 'resolved' | 'handed-off';

export type FixAttempt = { fixId: string; causeIds: string[]; outcome: 'worked' | 'failed' };

/** Everything the diagnosis knows about one conversation: ids and values only, JSON-serialisable. */
export type Session = {
  phase: Phase;
  evidence: Evidence;
  codes: { main: string[]; extended: string[]; unknown: string[] };
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
};

export function newSession(): Session {
  return { phase: 'describe', evidence: { errors: [], facts: {}, ruledOut: [] }, codes: { main: [], extended: [], unknown: [] }, asked: [], unsure: [], fixesTried: [], unrecognised: 0 };
}

export type HandoffReason = 'requested' | 'out-of-scope' | 'off-topic' | 'exhausted' | 'failed-fixes' | 'not-understood';

/** What the person sent: typed text, and the value of a clicked card or button if any. */
export type TurnInput = {
  text: string;
  value?: { questionId?: string; answer?: Answer; action?: 'restart' | 'help' | 'agent' | 'why' | 'continue' };
};

/** What to say, as data; the dialog renders it for the channel. */
export type Reply =
  | { kind: 'message'; id: string }
  | { kind: 'acknowledge'; facts: Array<{ questionId: string; value: 'yes' | 'no' }>; errorIds: string[]; unknownCodes: string[] }
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

export type StepResult = { session: Session; replies: Reply[]; outcome?: OutcomeRecord; handoff?: HandoffReason };
