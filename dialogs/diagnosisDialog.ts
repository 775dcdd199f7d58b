import { ActivityTypes, type TurnContext } from 'botbuilder';
// By file, as in assistantBot.ts: the package index loads text recognizers the bot does not use.
import { Dialog, type DialogTurnResult } from 'botbuilder-dialogs/lib/dialog.js';
import type { DialogContext } from 'botbuilder-dialogs/lib/dialogContext.js';
import type { Diagnoser } from './diagnosis/diagnoser.ts';
import type { Answer } from './diagnosis/knowledgeTypes.ts';
import { boundTranscript } from './boundTranscript.ts';
import { boundText } from './diagnosis/language/boundText.ts';
import { agentEvent } from './diagnosis/handoffStep.ts';
import type { MessageId } from './diagnosis/messageIds.ts';
import { redactSecrets } from './diagnosis/redact.ts';
import { migrateSession } from './diagnosis/knowledge/migrate.ts';
import { newSession, type AgentEvent, type Session, type StepResult, type TurnInput } from './diagnosis/session.ts';
import { step } from './diagnosis/step.ts';
import { AGENT_EVENT, type HandoffCoordinator, type HandoffOutcome } from './handoff/handoffCoordinator.ts';
import type { CaseMessage } from './handoff/handoffDesk.ts';
import type { LearningStore } from './learningStore.ts';
import { renderReplies } from './render/renderReplies.ts';

type DiagnosisState = { session: Session; transcript: CaseMessage[] };

const TRANSCRIPT_LINES_KEPT = 60;
/** Said when a huge paste was cut; knowledge/messages.yaml may word it as `long-message`. */
export const LONG_MESSAGE_NOTICE = 'That was a long message, so I read only its beginning; the rest was ignored. If something important came later, send it on its own.';

export type DiagnosisDialogDeps = {
  diagnoser: Diagnoser;
  learning: LearningStore;
  handoff: HandoffCoordinator;
  /** Transcript lines older than this are dropped (TRANSCRIPT_TTL_DAYS). */
  transcriptRetentionMs: number;
  now?: () => Date;
};

/**
 * The diagnosis conversation as one botbuilder Dialog: its state (the engine's session plus a short,
 * redacted transcript) lives in dialog state, i.e. ConversationState, so any instance can take the next
 * turn. Each turn runs the pure engine, records verified outcomes, renders the replies for the channel,
 * and hands off through the HandoffCoordinator; agent-desk events and handoff.status come in as events.
 */
export class DiagnosisDialog extends Dialog {
  static readonly dialogId = 'diagnosis';
  readonly #deps: DiagnosisDialogDeps;

  constructor(deps: DiagnosisDialogDeps) {
    super(DiagnosisDialog.dialogId);
    this.#deps = deps;
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    if (!dc.activeDialog) throw new Error('beginDialog without an active dialog');
    dc.activeDialog.state = { session: newSession(), transcript: [] } satisfies DiagnosisState;
    return this.continueDialog(dc);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog?.state as DiagnosisState | undefined;
    if (!state) throw new Error('diagnosis state missing');
    state.session = migrateSession(this.#deps.diagnoser.knowledge, state.session);
    const { context } = dc;
    if (context.activity.type === ActivityTypes.Message) await this.#onMessage(context, state);
    else if (context.activity.type === ActivityTypes.Event) await this.#onEvent(context, state);
    return Dialog.EndOfTurn;
  }

  async #onMessage(context: TurnContext, state: DiagnosisState): Promise<void> {
    const typed = inputFrom(context.activity);
    const { text, truncated } = boundText(typed.text);
    const input = { ...typed, text, at: this.#now().getTime() };
    if (truncated) await context.sendActivity(this.#deps.diagnoser.knowledge.messages['long-message'] ?? LONG_MESSAGE_NOTICE);
    this.#remember(state, 'user', input.text || describeValue(input));
    const priors = await this.#deps.learning.priors();
    const result = step(this.#deps.diagnoser, state.session, input, priors);
    state.session = result.session;
    if (result.relay) await this.#deps.handoff.relay(result.relay.caseId, result.relay.text);
    if (result.closedCase) await this.#deps.handoff.close(result.closedCase);
    if (result.outcome) await this.#deps.learning.record(result.outcome, { channelId: context.activity.channelId });
    await this.#send(context, state, result);
    if (result.handoff) {
      const outcome = await this.#deps.handoff.start(context, state.session, result.handoff, boundTranscript(state.transcript), priors);
      if (outcome.platformRefused) await this.#say(context, state, 'handoff-failed');
      await this.#queued(context, state, outcome);
    }
  }

  async #onEvent(context: TurnContext, state: DiagnosisState): Promise<void> {
    const fromDesk = context.turnState.get<AgentEvent | undefined>(AGENT_EVENT);
    if (fromDesk) {
      await this.#apply(context, state, fromDesk);
      return;
    }
    if (context.activity.name !== 'handoff.status' || state.session.phase !== 'handed-off') return;
    const status = (context.activity.value as { state?: unknown } | undefined)?.state;
    if (status === 'accepted') await this.#apply(context, state, { kind: 'external-accepted' });
    if (status === 'completed') await this.#apply(context, state, { kind: 'agent-ended' });
    if (status === 'failed') {
      await this.#say(context, state, 'handoff-failed');
      const priors = await this.#deps.learning.priors();
      await this.#queued(context, state, await this.#deps.handoff.queue(context, state.session, 'requested', boundTranscript(state.transcript), priors));
    }
  }

  async #apply(context: TurnContext, state: DiagnosisState, event: AgentEvent): Promise<void> {
    const result = agentEvent(this.#deps.diagnoser, state.session, event);
    state.session = result.session;
    await this.#send(context, state, result);
  }

  /** Tells the person where they are in the queue and, with TICKETS, their ticket number (or that it follows). */
  async #queued(context: TurnContext, state: DiagnosisState, outcome: Omit<HandoffOutcome, 'platformRefused'>): Promise<void> {
    if (!outcome.queued) return;
    await this.#apply(context, state, outcome.queued);
    if (outcome.closedUntil) await this.#say(context, state, 'desk-closed', { when: outcome.closedUntil });
    if (outcome.ticket === 'pending') await this.#say(context, state, 'ticket-pending');
    else if (outcome.ticket) await this.#say(context, state, 'ticket-created', { number: outcome.ticket.number });
  }

  async #say(context: TurnContext, state: DiagnosisState, id: MessageId, params?: Record<string, string>): Promise<void> {
    await this.#send(context, state, { session: state.session, replies: [{ kind: 'message', id, ...(params ? { params } : {}) }] });
  }

  async #send(context: TurnContext, state: DiagnosisState, result: StepResult): Promise<void> {
    const activities = renderReplies(this.#deps.diagnoser, result.replies, context.activity.channelId);
    for (const activity of activities) if (activity.text) this.#remember(state, 'bot', activity.text);
    if (activities.length > 0) await context.sendActivities(activities);
  }

  #remember(state: DiagnosisState, from: CaseMessage['from'], text: string): void {
    const now = this.#now();
    const oldest = now.getTime() - this.#deps.transcriptRetentionMs;
    state.transcript = [...state.transcript.filter((line) => Date.parse(line.at) >= oldest), { from, text: redactSecrets(text), at: now.toISOString() }].slice(-TRANSCRIPT_LINES_KEPT);
  }

  #now(): Date {
    return this.#deps.now?.() ?? new Date();
  }
}

const ANSWERS: readonly Answer[] = ['yes', 'no', 'unsure'];
const ACTIONS = ['restart', 'help', 'agent', 'why', 'continue'] as const;

/** Typed text, plus what a clicked Adaptive Card or messageBack button carries in `value`. */
export function inputFrom(activity: { text?: unknown; value?: unknown }): TurnInput {
  const text = typeof activity.text === 'string' ? activity.text : '';
  const raw: unknown = activity.value;
  if (typeof raw !== 'object' || raw === null) return { text };
  const value = raw as Record<string, unknown>;
  const answer = ANSWERS.find((a) => a === value.answer);
  const action = ACTIONS.find((a) => a === value.action);
  const questionId = typeof value.questionId === 'string' ? value.questionId : undefined;
  return { text, value: { ...(answer ? { answer } : {}), ...(action ? { action } : {}), ...(questionId ? { questionId } : {}) } };
}

function describeValue(input: TurnInput): string {
  return input.value ? `[clicked ${input.value.answer ?? input.value.action ?? 'a button'}]` : '';
}
