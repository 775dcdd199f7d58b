import { ActivityTypes, EventFactory, type Activity, type TurnContext } from 'botbuilder';
import { Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import type { Diagnoser } from './diagnosis/diagnoser.ts';
import type { Answer } from './diagnosis/knowledgeTypes.ts';
import { redactSecrets } from './diagnosis/redact.ts';
import { newSession, type Session, type StepResult, type TurnInput } from './diagnosis/session.ts';
import { step } from './diagnosis/step.ts';
import { summarise } from './diagnosis/summary.ts';
import type { LearningStore } from './learningStore.ts';
import { renderReplies } from './render/renderReplies.ts';

export type TranscriptLine = { from: 'user' | 'bot'; text: string; at: string };
type DiagnosisState = { session: Session; transcript: TranscriptLine[] };

const TRANSCRIPT_LINES_KEPT = 60;

export type DiagnosisDialogDeps = { diagnoser: Diagnoser; learning: LearningStore };

/**
 * The diagnosis conversation as one botbuilder Dialog: its state (the engine's session plus a short,
 * redacted transcript) lives in dialog state, i.e. ConversationState, so any instance can take the next
 * turn. Each turn runs the pure engine, records verified outcomes, renders the replies for the channel
 * and, on hand-off, sends the handoff.initiate event with the diagnosis.
 */
export class DiagnosisDialog extends Dialog {
  static readonly dialogId = 'diagnosis';
  readonly #deps: DiagnosisDialogDeps;

  constructor(deps: DiagnosisDialogDeps) {
    super(DiagnosisDialog.dialogId);
    this.#deps = deps;
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state: DiagnosisState = { session: newSession(), transcript: [] };
    if (!dc.activeDialog) throw new Error('beginDialog without an active dialog');
    dc.activeDialog.state = state;
    return this.continueDialog(dc);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog?.state as DiagnosisState | undefined;
    if (!state) throw new Error('diagnosis state missing');
    const { context } = dc;
    if (context.activity.type !== ActivityTypes.Message) return Dialog.EndOfTurn;
    const input = inputFrom(context.activity);
    remember(state, 'user', input.text || describeValue(input));
    const priors = await this.#deps.learning.priors();
    const result = step(this.#deps.diagnoser, state.session, input, priors);
    state.session = result.session;
    if (result.outcome) await this.#deps.learning.record(result.outcome, { channelId: context.activity.channelId });
    const activities = renderReplies(this.#deps.diagnoser, result.replies, context.activity.channelId);
    for (const activity of activities) if (activity.text) remember(state, 'bot', activity.text);
    await context.sendActivities(activities);
    if (result.handoff) await this.#sendHandoff(context, state, result, priors);
    return Dialog.EndOfTurn;
  }

  async #sendHandoff(context: TurnContext, state: DiagnosisState, result: StepResult, priors?: ReadonlyMap<string, number>): Promise<void> {
    const diagnosis = summarise(this.#deps.diagnoser, result.session, result.handoff ?? 'requested', priors);
    const handoffContext = { diagnosis, channel: context.activity.channelId, locale: context.activity.locale ?? 'en-US' };
    // botframework-schema's Activity marks every field required; transcript entries carry only what an agent reads.
    const transcript = { activities: state.transcript.map(toActivity) as Activity[] };
    await context.sendActivity(EventFactory.createHandoffInitiation(context, handoffContext, transcript));
  }
}

function remember(state: DiagnosisState, from: TranscriptLine['from'], text: string): void {
  state.transcript = [...state.transcript, { from, text: redactSecrets(text), at: new Date().toISOString() }].slice(-TRANSCRIPT_LINES_KEPT);
}

function toActivity(line: TranscriptLine): Partial<Activity> {
  return { type: ActivityTypes.Message, text: line.text, timestamp: new Date(line.at), from: { id: line.from, name: line.from, role: line.from === 'user' ? 'user' : 'bot' } };
}

const ANSWERS: readonly Answer[] = ['yes', 'no', 'unsure'];
const ACTIONS = ['restart', 'help', 'agent', 'why', 'continue'] as const;

/** Typed text, plus what a clicked Adaptive Card or messageBack button carries in `value`. */
export function inputFrom(activity: Activity): TurnInput {
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
