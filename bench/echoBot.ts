// The baseline of the performance ratios: a bare botbuilder echo bot (ActivityHandler, a per-conversation
// turn counter in ConversationState) on the assistant's own adapter and restify server, so the difference
// is the assistant's work. `node bench/echoBot.ts` serves it on PORT (loopback) until SIGTERM. Two controls:
// with ENGINE=1 it also runs the diagnosis engine on every message, its session kept as the assistant keeps
// its state (TextCheckedConversationState), and adds the kinds of the engine's replies to the echo: the least
// an assistant with this engine does per turn (nothing rendered, no transcript, no dialog). With DIALOG=1 it
// is the echo as a botbuilder-dialogs dialog (echoDialogBot.ts, loaded only then, so the baseline's memory
// and start-up stay botbuilder's and restify's).
import { once } from 'node:events';
import { ActivityHandler, ConversationState, MemoryStorage, type TurnContext } from 'botbuilder';
import { createAdapter, type BotAdapter } from '../bot/adapter.ts';
import { loadConfig, type Config } from '../bot/config.ts';
import { loadKnowledge } from '../bot/loadKnowledge.ts';
import { TextCheckedConversationState } from '../bot/textCheckedState.ts';
import { createAssistantDiagnoser } from '../bot/diagnoser.ts';
import type { Diagnoser } from '../dialogs/diagnosis/diagnoser.ts';
import { transition } from '../dialogs/diagnosis/engine.ts';
import { newSession, type Session } from '../dialogs/diagnosis/session.ts';
import { inputFrom } from '../dialogs/diagnosisDialog.ts';
import { InflightTracker } from '../bot/inflight.ts';
import { createLogger, type Logger } from '../bot/logger.ts';
import { createMemoryRateLimiter, MESSAGE_BURST } from '../bot/rateLimit.ts';
import { createServer } from '../bot/server.ts';

export type EchoBot = { adapter: BotAdapter; runTurn: (context: TurnContext) => Promise<void> };

/**
 * The echo bot's adapter and turn on MemoryStorage: reply `echo: <text>`, count turns, save state. With a
 * diagnoser, each message also goes through the engine and the reply ends with its replies' kinds.
 */
export function createEchoBot(config: Config, logger: Logger, diagnoser?: Diagnoser): EchoBot {
  const storage = new MemoryStorage();
  const conversationState = diagnoser ? new TextCheckedConversationState(storage) : new ConversationState(storage);
  const adapter = createAdapter(config, logger, conversationState, { kept: 'error', reset: 'error', unavailable: 'error' });
  const turns = conversationState.createProperty<number>('turns');
  const session = conversationState.createProperty<Session>('session');
  const handler = new ActivityHandler();
  handler.onMessage(async (context, next) => {
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
  const diagnoser = process.env.ENGINE === '1' ? createAssistantDiagnoser((await loadKnowledge()).knowledge) : undefined;
  const { adapter, runTurn } = process.env.DIALOG === '1' ? await (await import('./echoDialogBot.ts')).createEchoDialogBot(config, logger) : createEchoBot(config, logger, diagnoser);
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
