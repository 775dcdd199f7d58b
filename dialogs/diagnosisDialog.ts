import { ActivityTypes, type TurnContext } from 'botbuilder';
// By file, as in assistantBot.ts: the package index loads text recognizers the bot does not use.
import { Dialog, type DialogTurnResult } from 'botbuilder-dialogs/lib/dialog.js';
import type { DialogContext } from 'botbuilder-dialogs/lib/dialogContext.js';
import type { Diagnoser } from './diagnosis/diagnoser.ts';
import type { Answer, Knowledge } from './diagnosis/knowledgeTypes.ts';
import type { MessageId } from './diagnosis/messageIds.ts';
import { wordingOf, type Wording } from './diagnosis/wording.ts';
import { afterSave } from './afterSave.ts';
import { boundTranscript } from './boundTranscript.ts';
import { boundText } from './diagnosis/language/boundText.ts';
import { transition, type Effect, type EngineEvent } from './diagnosis/engine.ts';
import { redactSecrets } from './diagnosis/redact.ts';
import { migrateReply, migrateSession } from './diagnosis/knowledge/migrate.ts';
import { newSession, type AgentEvent, type Reply, type Session, type TurnInput } from './diagnosis/session.ts';
import { AGENT_EVENT, type HandoffCoordinator } from './handoff/handoffCoordinator.ts';
import type { CaseMessage } from './handoff/handoffDesk.ts';
import type { LearningStore } from './learningStore.ts';
import { renderReplies } from './render/renderReplies.ts';

/**
 * A line of the stored transcript: the person's words (redacted), or one of the bot's replies as the
 * engine gave it, rendered into text only when a hand-off needs the transcript. A reply is a few ids (tens
 * of bytes) where its text, steps and commands included, is hundreds to thousands: the transcript was most of
 * the conversation state, which every turn reads, copies, checks for changes and writes. The knowledge's
 * words are not redacted, so the agent sees a fix's commands as the person did (redacting the rendered text
 * turned a fix's key filter into "[redacted]"); what a reply carries from the person's or an agent's words
 * is redacted when it is kept (keptReply), and an agent's own message stays text, redacted. Replies are
 * rendered with the knowledge in force at the hand-off, for the hand-off's channel: after a knowledge
 * release in between, a reworded fix shows its new words and a removed one is left out. Lines stored as
 * text by earlier versions are read as they are.
 */
type TranscriptLine = CaseMessage | { from: 'bot'; reply: Exclude<Reply, { kind: 'agent-text' }>; at: string };

type DiagnosisState = { session: Session; transcript: TranscriptLine[] };

/** Transcript lines a conversation keeps (the newest). */
export const TRANSCRIPT_LINES_KEPT = 60;

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
    const { knowledge } = this.#deps.diagnoser;
    state.session = migrateSession(knowledge, state.session);
    state.transcript = migrateTranscript(knowledge, state.transcript);
    const { context } = dc;
    if (context.activity.type === ActivityTypes.Message) await this.#onMessage(context, state);
    else if (context.activity.type === ActivityTypes.Event) await this.#onEvent(context, state);
    return Dialog.EndOfTurn;
  }

  async #onMessage(context: TurnContext, state: DiagnosisState): Promise<void> {
    const typed = inputFrom(context.activity);
    const { text, truncated } = boundText(typed.text);
    const input = { ...typed, text, at: this.#now().getTime() };
    if (truncated) await this.#send(context, state, [{ kind: 'message', id: 'long-message' }]);
    this.#remember(state, [{ from: 'user', text: input.text || describeValue(input, wordingOf(this.#deps.diagnoser.knowledge)), at: this.#now().toISOString() }]);
    await this.#run(context, state, { kind: 'message', input });
  }

  async #onEvent(context: TurnContext, state: DiagnosisState): Promise<void> {
    const fromDesk = context.turnState.get<AgentEvent | undefined>(AGENT_EVENT);
    if (fromDesk) return this.#run(context, state, { kind: 'agent', event: fromDesk });
    if (context.activity.name !== 'handoff.status') return;
    const status = (context.activity.value as { state?: unknown } | undefined)?.state;
    if (typeof status === 'string') await this.#run(context, state, { kind: 'handoff-status', state: status });
  }

  /** Runs the engine on one event and carries out its effects in order; what the hand-off came to goes back in as an event. */
  async #run(context: TurnContext, state: DiagnosisState, event: EngineEvent): Promise<void> {
    const priors = await this.#deps.learning.priors();
    const { session, effects } = transition(this.#deps.diagnoser, state.session, event, priors);
    state.session = session;
    let replies: Reply[] = [];
    for (const effect of effects) {
      if (effect.kind === 'say') {
        replies.push(effect.reply);
        continue;
      }
      await this.#send(context, state, replies);
      replies = [];
      const next = await this.#carryOut(context, state, effect, priors);
      if (next) await this.#run(context, state, next);
    }
    await this.#send(context, state, replies);
  }

  /** Carries out one effect; a hand-off returns what it came to (queued, refused, ticket) as the next event. */
  async #carryOut(context: TurnContext, state: DiagnosisState, effect: Exclude<Effect, { kind: 'say' }>, priors: ReadonlyMap<string, number> | undefined): Promise<EngineEvent | undefined> {
    const { handoff, learning } = this.#deps;
    switch (effect.kind) {
      case 'record-outcome':
        // Handed over once the turn's state is saved (so a failed or repeated turn counts it once), then
        // stored with the others of its second: the turn does not wait for the store.
        afterSave(context.turnState, () => learning.record(effect.outcome, { channelId: context.activity.channelId }));
        return undefined;
      case 'relay':
        return void (await handoff.relay(effect.caseId, effect.text));
      case 'close-case':
        return void (await handoff.close(effect.caseId));
      case 'hand-off':
        return { kind: 'handoff-outcome', outcome: await handoff.start(context, state.session, effect.reason, this.#caseTranscript(context, state), priors) };
      case 'queue-on-desk':
        return { kind: 'handoff-outcome', outcome: await handoff.queue(context, state.session, effect.reason, this.#caseTranscript(context, state), priors) };
    }
  }

  async #send(context: TurnContext, state: DiagnosisState, replies: Reply[]): Promise<void> {
    // Rendered reply by reply: an agent's message is kept as the text it rendered to, the others by reference.
    const rendered = replies.map((reply) => renderReplies(this.#deps.diagnoser, [reply], context.activity.channelId));
    const at = this.#now().toISOString();
    this.#remember(state, replies.map((reply, i) => (reply.kind === 'agent-text' ? { from: 'bot', text: textOf(rendered[i] ?? []), at } : { from: 'bot', reply: keptReply(reply), at })));
    const activities = rendered.flat();
    if (activities.length > 0) await context.sendActivities(activities);
  }

  #remember(state: DiagnosisState, lines: readonly TranscriptLine[]): void {
    if (lines.length === 0) return;
    const oldest = this.#now().getTime() - this.#deps.transcriptRetentionMs;
    const redacted = lines.map((line) => ('text' in line ? { ...line, text: redactSecrets(line.text) } : line));
    state.transcript = [...state.transcript.filter((line) => Date.parse(line.at) >= oldest), ...redacted].slice(-TRANSCRIPT_LINES_KEPT);
  }

  /** The transcript as a hand-off carries it: every line as text (the bot's replies rendered for this channel), bounded. */
  #caseTranscript(context: TurnContext, state: DiagnosisState): CaseMessage[] {
    const { diagnoser } = this.#deps;
    const lines = state.transcript.flatMap((line): CaseMessage[] => {
      if ('text' in line) return [line];
      return renderReplies(diagnoser, [line.reply], context.activity.channelId)
        .flatMap((activity) => (activity.text ? [{ from: 'bot' as const, text: activity.text, at: line.at }] : []));
    });
    return boundTranscript(lines);
  }

  #now(): Date {
    return this.#deps.now?.() ?? new Date();
  }
}

/** The stored transcript with its replies' ids renamed as the knowledge renamed them; the same array when none was. */
function migrateTranscript(k: Knowledge, lines: TranscriptLine[]): TranscriptLine[] {
  if (Object.keys(k.renamed).length === 0) return lines;
  let changed = false;
  const migrated = lines.map((line) => {
    if ('text' in line) return line;
    const reply = migrateReply(k, line.reply);
    if (reply === line.reply) return line;
    changed = true;
    return { ...line, reply };
  });
  return changed ? migrated : lines;
}

/**
 * A reply as the transcript keeps it: what it carries from the person's or an agent's words (codes the
 * knowledge does not know, an agent's name, placeholders) redacted as their own lines are, so "my key is
 * 0x9f86…" echoed back as an unknown code does not reach the stored state or the hand-off in clear.
 */
function keptReply(reply: Exclude<Reply, { kind: 'agent-text' }>): Exclude<Reply, { kind: 'agent-text' }> {
  if (reply.kind === 'acknowledge' && reply.unknownCodes.length > 0) return { ...reply, unknownCodes: reply.unknownCodes.map(redactSecrets) };
  if (reply.kind === 'message' && reply.params) return { ...reply, params: Object.fromEntries(Object.entries(reply.params).map(([name, value]) => [name, redactSecrets(value)])) };
  return reply;
}

/** The text of rendered activities, one per line. */
function textOf(activities: ReadonlyArray<{ text?: string }>): string {
  return activities.flatMap((a) => (a.text ? [a.text] : [])).join('\n');
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

const BUTTON_TITLES: Readonly<Record<string, MessageId>> = { yes: 'button-yes', no: 'button-no', unsure: 'button-not-sure', agent: 'button-connect-person', continue: 'button-continue' };

/** A click as the transcript shows it to the help desk: the button's words, or its meaning where no button has words. */
function describeValue(input: TurnInput, say: Wording): string {
  if (!input.value) return '';
  const meaning = input.value.action ?? input.value.answer ?? '';
  const title = BUTTON_TITLES[meaning];
  return say('desk-clicked', { button: title ? say(title) : meaning });
}
