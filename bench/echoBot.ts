// The baseline of the performance ratios: a bare botbuilder echo bot (ActivityHandler, a per-conversation
// turn counter in ConversationState) on the assistant's own adapter and restify server, so the difference
// is the assistant's work. `node bench/echoBot.ts` serves it on PORT (loopback) until SIGTERM, on
// MemoryStorage, or with STORAGE=lowdb and DATA_DIR on the assistant's default store (createStorage, as
// bot/main.ts builds it): what the store alone costs a bot that does nothing else. With ENGINE=1 it also
// runs the diagnosis engine on every message (the session kept in the conversation state as the assistant
// keeps its state, the engine's replies not sent):
// the least any assistant with this engine does per turn, without the dialog around it.
import { once } from 'node:events';
import { ActivityHandler, ConversationState, MemoryStorage, type Storage, type TurnContext } from 'botbuilder';
import { createAdapter, type BotAdapter } from '../bot/adapter.ts';
import { loadConfig, type Config } from '../bot/config.ts';
import { loadKnowledge } from '../bot/loadKnowledge.ts';
import { createDiagnoser, type Diagnoser } from '../dialogs/diagnosis/diagnoser.ts';
import { transition } from '../dialogs/diagnosis/engine.ts';
import { newSession, type Session } from '../dialogs/diagnosis/session.ts';
import { inputFrom } from '../dialogs/diagnosisDialog.ts';
import { InflightTracker } from '../bot/inflight.ts';
import { createLogger, type Logger } from '../bot/logger.ts';
import { createMemoryRateLimiter, MESSAGE_BURST } from '../bot/rateLimit.ts';
import { createServer } from '../bot/server.ts';
import { TextCheckedConversationState } from '../bot/textCheckedState.ts';
import { createStorage } from '../bot/storage/createStorage.ts';

export type EchoBot = { adapter: BotAdapter; runTurn: (context: TurnContext) => Promise<void> };

export type EchoOptions = {
  /** Where ConversationState keeps the turn counter (and the session); MemoryStorage by default. */
  storage?: Storage;
  /** Runs this engine on every message as well (its replies are not sent). */
  diagnoser?: Diagnoser;
};

/** The echo bot's adapter and turn: reply `echo: <text>`, count turns, save state; with a diagnoser, also the engine's step. */
export function createEchoBot(config: Config, logger: Logger, { storage = new MemoryStorage(), diagnoser }: EchoOptions = {}): EchoBot {
  // With the engine, the state is kept as the assistant keeps it (its cheaper change check), so this bot does the least the assistant does.
  const conversationState = diagnoser ? new TextCheckedConversationState(storage) : new ConversationState(storage);
  const adapter = createAdapter(config, logger, conversationState, { kept: 'error', reset: 'error', unavailable: 'error' });
  const turns = conversationState.createProperty<number>('turns');
  const session = conversationState.createProperty<Session>('session');
  const handler = new ActivityHandler();
  handler.onMessage(async (context, next) => {
    await turns.set(context, (await turns.get(context, 0)) + 1);
    if (diagnoser) {
      const event = { kind: 'message', input: { ...inputFrom(context.activity), at: Date.now() } } as const;
      await session.set(context, transition(diagnoser, await session.get(context, newSession()), event).session);
    }
    await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
    await next();
  });
  const runTurn = async (context: TurnContext): Promise<void> => {
    await handler.run(context);
    await conversationState.saveChanges(context);
  };
  return { adapter, runTurn };
}

if (import.meta.main) {
  const config = loadConfig({
    PORT: process.env.PORT ?? '0',
    STORAGE: process.env.STORAGE === 'lowdb' ? 'lowdb' : 'memory',
    ...(process.env.DATA_DIR ? { DATA_DIR: process.env.DATA_DIR } : {}),
    LOG_LEVEL: 'silent',
    MESSAGE_RATE_PER_MINUTE: process.env.MESSAGE_RATE_PER_MINUTE ?? '60',
  });
  const logger = createLogger(config.logLevel);
  // As bot/service.ts: a bot that lost its data directory's lock must not keep writing to it.
  const lockLost = (error: Error): never => {
    process.stderr.write(`data directory lock lost: ${error.message}\n`);
    process.exit(1);
  };
  const store = config.storage.kind === 'lowdb' ? await createStorage(config, lockLost) : undefined;
  const diagnoser = process.env.ENGINE === '1' ? createDiagnoser((await loadKnowledge()).knowledge) : undefined;
  const { adapter, runTurn } = createEchoBot(config, logger, { ...(store ? { storage: store.storage } : {}), ...(diagnoser ? { diagnoser } : {}) });
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
    server.close(() => {
      // What the store had not written yet is flushed; a failed flush is a failed run.
      (store?.close() ?? Promise.resolve()).then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`closing the store failed: ${String(error)}\n`);
          process.exit(1);
        },
      );
    });
  });
}
