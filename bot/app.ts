import { ConversationState, UserState, type TurnContext } from 'botbuilder';
import type { Server } from 'restify';
import packageJson from '../package.json' with { type: 'json' };
import { AssistantBot } from '../dialogs/assistantBot.ts';
import { createDiagnoser } from '../dialogs/diagnosis/diagnoser.ts';
import { DiagnosisDialog } from '../dialogs/diagnosisDialog.ts';
import { HandoffCoordinator } from '../dialogs/handoff/handoffCoordinator.ts';
import { HandoffDesk } from '../dialogs/handoff/handoffDesk.ts';
import { LearningStore } from '../dialogs/learningStore.ts';
import { createAdapter, type BotAdapter } from './adapter.ts';
import { createAgentAuth } from './agentDesk/agentAuth.ts';
import { registerAgentDesk } from './agentDesk/agentRoutes.ts';
import type { Config } from './config.ts';
import { InflightTracker } from './inflight.ts';
import type { LoadedKnowledge } from './loadKnowledge.ts';
import type { Logger } from './logger.ts';
import { createAgentDelivery } from './proactive.ts';
import { createServer, type HealthReport } from './server.ts';
import type { StorageHandle } from './storage/createStorage.ts';
import { LocalDirectLine } from './webchat/localDirectLine.ts';
import { registerWebChat } from './webchat/webChatRoutes.ts';
import { createTurnPipeline } from './turnPipeline.ts';

export type App = {
  server: Server;
  adapter: BotAdapter;
  /** The whole turn (pipeline, bot, dialog) for one activity, as the route runs it. */
  runTurn: (context: TurnContext) => Promise<void>;
  inflight: InflightTracker;
  /** Stops accepting turns; in-flight ones finish. */
  beginShutdown(): void;
};

export type AppDeps = { config: Config; logger: Logger; storage: StorageHandle; knowledge: LoadedKnowledge; startedAt?: number };

/** Wires adapter → state → bot → routes (BotBuilder-Samples core-bot order); nothing listens yet. */
export function createApp({ config, logger, storage, knowledge, startedAt = Date.now() }: AppDeps): App {
  const conversationState = new ConversationState(storage.storage);
  const userState = new UserState(storage.storage);
  const adapter = createAdapter(config, logger, conversationState);
  const diagnoser = createDiagnoser(knowledge.knowledge);
  const learning = new LearningStore(storage.storage, knowledge.knowledge.causes, { enabled: config.learning, cacheMs: 60_000, renamed: knowledge.knowledge.renamed });
  const desk = new HandoffDesk(storage.storage);
  const handoff = new HandoffCoordinator({ diagnoser, desk, target: config.handoff.target });
  const dialog = new DiagnosisDialog({ diagnoser, learning, handoff, transcriptRetentionMs: config.handoff.transcriptTtlDays * 86_400_000 });
  const { messages } = knowledge.knowledge;
  const bot = new AssistantBot({ conversationState, dialog, greeting: messages.greeting ?? '', teamIntro: messages['team-intro'] ?? messages.greeting ?? '' });
  const runTurn = createTurnPipeline({ bot, conversationState, userState, logger, typingDelayMs: config.typingDelayMs });
  const inflight = new InflightTracker();
  let shuttingDown = false;

  const health = async (): Promise<HealthReport> => {
    const storageStatus = await storage.check().then(
      () => 'ok',
      (error: unknown) => {
        logger.error({ err: error }, 'storage health check failed');
        return 'error';
      },
    );
    return {
      status: storageStatus === 'ok' ? 'ok' : 'degraded',
      version: packageJson.version,
      mode: config.isLocalMode ? 'local' : 'authenticated',
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      storage: { kind: storage.kind, status: storageStatus },
      knowledge: describeKnowledge(knowledge),
    };
  };

  const server = createServer({ config, logger, adapter, runTurn, inflight, health, isShuttingDown: () => shuttingDown });
  // Local mode only: the built-in Direct Line has no authentication of its own beyond per-conversation tokens.
  const localDirectLine =
    config.isLocalMode && !config.webChat.directLineSecret
      ? new LocalDirectLine({ storage: storage.storage, adapter, runTurn, logger, baseUrl: () => loopbackUrl(server) })
      : undefined;
  localDirectLine?.register(server);
  registerWebChat(server, { config, logger, ...(localDirectLine ? { localDirectLine } : {}) });
  registerAgentDesk(server, {
    desk,
    auth: createAgentAuth(config.handoff.agents, logger),
    deliver: createAgentDelivery(adapter, config.auth.appId, runTurn),
    causes: knowledge.knowledge.causes,
    logger,
  });
  return {
    server,
    adapter,
    runTurn,
    inflight,
    beginShutdown: () => {
      shuttingDown = true;
    },
  };
}

function describeKnowledge({ knowledge, hash }: LoadedKnowledge): Record<string, unknown> {
  return {
    version: knowledge.version,
    release: knowledge.release,
    hash,
    counts: {
      errors: knowledge.errors.length,
      causes: knowledge.causes.length,
      questions: knowledge.questions.length,
      fixes: knowledge.fixes.length,
    },
  };
}

/** The listening port on loopback: where the bot's replies to the local Direct Line go. */
function loopbackUrl(server: Server): string {
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 3978}`;
}
