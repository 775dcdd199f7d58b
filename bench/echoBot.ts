// The baseline of the performance ratios: a bare botbuilder echo bot (ActivityHandler, a per-conversation
// turn counter in ConversationState) on the assistant's own adapter and restify server, so the difference
// is the assistant's work. `node bench/echoBot.ts` serves it on PORT (loopback) until SIGTERM. Two controls:
// with ENGINE=1 it also runs the diagnosis engine on every message, its session kept as the assistant keeps
// its state (TextCheckedConversationState), and adds the kinds of the engine's replies to the echo: the least
// an assistant with this engine does per turn (nothing rendered, no transcript, no dialog). With DIALOG=1 it
// echoes from a botbuilder-dialogs dialog run as the assistant runs its own (the same dialog set and dialog
// contexts, the same state class saving eTag-checked), keeping a transcript as the assistant does: what
// botbuilder-dialogs and a stored conversation cost a dialog bot before it understands anything.
import { once } from 'node:events';
import { ActivityHandler, ConversationState, MemoryStorage, type Storage, type TurnContext } from 'botbuilder';
import { Dialog, DialogTurnStatus, type DialogTurnResult } from 'botbuilder-dialogs/lib/dialog.js';
import type { DialogContext } from 'botbuilder-dialogs/lib/dialogContext.js';
import { createAdapter, type BotAdapter } from '../bot/adapter.ts';
import { loadConfig, type Config } from '../bot/config.ts';
import { guardETags } from '../bot/eTagGuard.ts';
import { loadKnowledge } from '../bot/loadKnowledge.ts';
import { TextCheckedConversationState } from '../bot/textCheckedState.ts';
import { dialogContexts } from '../dialogs/assistantBot.ts';
import { createDiagnoser, type Diagnoser } from '../dialogs/diagnosis/diagnoser.ts';
import { transition } from '../dialogs/diagnosis/engine.ts';
import { newSession, type Session } from '../dialogs/diagnosis/session.ts';
import { inputFrom, TRANSCRIPT_LINES_KEPT } from '../dialogs/diagnosisDialog.ts';
import { InflightTracker } from '../bot/inflight.ts';
import { createLogger, type Logger } from '../bot/logger.ts';
import { createMemoryRateLimiter, MESSAGE_BURST } from '../bot/rateLimit.ts';
import { createServer } from '../bot/server.ts';

export type EchoBot = { adapter: BotAdapter; runTurn: (context: TurnContext) => Promise<void> };

/** Which echo bot: the baseline, or a control (the engine on every message, or the echo as a dialog); on its own MemoryStorage unless given one. */
export type EchoOptions = { diagnoser?: Diagnoser; dialog?: boolean; storage?: Storage };

/** A transcript line as the diagnosis dialog stores one: the person's words, or a reply by its id. */
type EchoLine = { from: 'user'; text: string; at: string } | { from: 'bot'; reply: { kind: 'message'; id: 'echo' }; at: string };

/** echo-dialog's dialog: each message adds the person's words and the reply to its transcript (the newest TRANSCRIPT_LINES_KEPT lines) and echoes them with the transcript's length. */
class EchoDialog extends Dialog {
  static readonly dialogId = 'echo';

  constructor() {
    super(EchoDialog.dialogId);
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    if (!dc.activeDialog) throw new Error('beginDialog without an active dialog');
    dc.activeDialog.state = { transcript: [] };
    return this.continueDialog(dc);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog?.state as { transcript: EchoLine[] } | undefined;
    if (!state) throw new Error('continueDialog without an active dialog');
    const text = dc.context.activity.text ?? '';
    const at = new Date().toISOString();
    state.transcript = [...state.transcript, { from: 'user' as const, text, at }, { from: 'bot' as const, reply: { kind: 'message' as const, id: 'echo' as const }, at }].slice(-TRANSCRIPT_LINES_KEPT);
    await dc.context.sendActivity(`echo: ${text} [lines ${state.transcript.length}]`);
    return Dialog.EndOfTurn;
  }
}

/**
 * The echo bot's adapter and turn: reply `echo: <text>`, count turns, save state. With a diagnoser, each
 * message also goes through the engine and the reply ends with its replies' kinds; with `dialog`, the echo
 * comes from EchoDialog, whose state is saved eTag-checked as the assistant's is.
 */
export function createEchoBot(config: Config, logger: Logger, { diagnoser, dialog = false, storage = new MemoryStorage() }: EchoOptions = {}): EchoBot {
  const conversationState = dialog ? new TextCheckedConversationState(guardETags(storage)) : diagnoser ? new TextCheckedConversationState(storage) : new ConversationState(storage);
  const adapter = createAdapter(config, logger, conversationState, { kept: 'error', reset: 'error', unavailable: 'error' });
  const turns = conversationState.createProperty<number>('turns');
  const session = conversationState.createProperty<Session>('session');
  const createContext = dialog ? dialogContexts(conversationState, new EchoDialog()) : undefined;
  const handler = new ActivityHandler();
  handler.onMessage(async (context, next) => {
    if (createContext) {
      const dc = await createContext(context);
      const result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.empty) await dc.beginDialog(EchoDialog.dialogId);
      await next();
      return;
    }
    await turns.set(context, (await turns.get(context, 0)) + 1);
    let kinds = '';
    if (diagnoser) {
      const event = { kind: 'message', input: { ...inputFrom(context.activity), at: Date.now() } } as const;
      const result = transition(diagnoser, await session.get(context, newSession()), event);
      await session.set(context, result.session);
      kinds = ` [${result.effects.map((e) => (e.kind === 'say' ? e.reply.kind : e.kind)).join(' ')}]`;
    }
    await context.sendActivity(`echo: ${context.activity.text ?? ''}${kinds}`);
    await next();
  });
  const runTurn = async (context: TurnContext): Promise<void> => {
    await handler.run(context);
    await conversationState.saveChanges(context);
  };
  return { adapter, runTurn };
}

if (import.meta.main) {
  const config = loadConfig({ PORT: process.env.PORT ?? '0', STORAGE: 'memory', LOG_LEVEL: 'silent', MESSAGE_RATE_PER_MINUTE: process.env.MESSAGE_RATE_PER_MINUTE ?? '60' });
  const logger = createLogger(config.logLevel);
  const diagnoser = process.env.ENGINE === '1' ? createDiagnoser((await loadKnowledge()).knowledge) : undefined;
  const { adapter, runTurn } = createEchoBot(config, logger, { ...(diagnoser ? { diagnoser } : {}), dialog: process.env.DIALOG === '1' });
  const server = createServer({
    config,
    logger,
    adapter,
    runTurn,
    inflight: new InflightTracker(),
    health: async () => ({ status: 'ok' }),
    isShuttingDown: () => false,
    limiter: createMemoryRateLimiter({ perMinute: config.messagesPerMinute, burst: MESSAGE_BURST }),
  });
  server.listen(config.port, '127.0.0.1');
  await once(server, 'listening');
  process.once('SIGTERM', () => {
    server.close(() => process.exit(0));
  });
}
