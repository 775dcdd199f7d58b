import { UserState, type TurnContext } from 'botbuilder';
import type { Server } from 'restify';
import packageJson from '../package.json' with { type: 'json' };
import { AssistantBot } from '../dialogs/assistantBot.ts';
import { wordingOf } from '../dialogs/diagnosis/wording.ts';
import { DiagnosisDialog } from '../dialogs/diagnosisDialog.ts';
import { HandoffCoordinator } from '../dialogs/handoff/handoffCoordinator.ts';
import { HandoffDesk } from '../dialogs/handoff/handoffDesk.ts';
import { LearningStore } from '../dialogs/learningStore.ts';
import { createAdapter, type BotAdapter } from './adapter.ts';
import { createAgentAuth, FAILURE_WINDOW_MS } from './agentDesk/agentAuth.ts';
import { createMemoryFailureCounts, createStoredFailureCounts } from './agentDesk/failureCounts.ts';
import { createClientAddress } from './clientAddress.ts';
import { createAssistantDiagnoser } from './diagnoser.ts';
import { registerAgentDesk } from './agentDesk/agentRoutes.ts';
import { DeskSessions } from './agentDesk/deskSessions.ts';
import { createEntraSignIn } from './agentDesk/entraSignIn.ts';
import { createQueueWatch, type QueueWatch } from './agentDesk/queueTimeouts.ts';
import type { Config } from './config.ts';
import { guardETags } from './eTagGuard.ts';
import { createMemoryRateLimiter, createStoredRateLimiter, MESSAGE_BURST, type RateLimiter, type TokenBucketOptions } from './rateLimit.ts';
import { InflightTracker } from './inflight.ts';
import type { LoadedKnowledge } from './loadKnowledge.ts';
import type { Logger } from './logger.ts';
import { createAgentDelivery, createNotice } from './proactive.ts';
import { createServer, type HealthReport } from './server.ts';
import { TextCheckedConversationState } from './textCheckedState.ts';
import type { StorageHandle } from './storage/createStorage.ts';
import { LocalDirectLine } from './webchat/localDirectLine.ts';
import { localOrigin } from './webchat/localOrigin.ts';
import { pageWording } from './webchat/portalPage.ts';
import { registerWebChat } from './webchat/webChatRoutes.ts';
import { createTurnPipeline } from './turnPipeline.ts';
import { createTeamsNotifier } from './notify/teamsNotification.ts';
import { createTicketOutbox } from './tickets/createTicketOutbox.ts';
import type { TicketOutbox } from './tickets/ticketOutbox.ts';

export { MESSAGE_BURST };
/** Direct Line tokens one client address may fetch at once before TOKEN_RATE_PER_MINUTE applies. */
export const TOKEN_BURST = 5;

export type App = {
  server: Server;
  adapter: BotAdapter;
  /** The whole turn (pipeline, bot, dialog) for one activity, as the route runs it. */
  runTurn: (context: TurnContext) => Promise<void>;
  inflight: InflightTracker;
  /** Verified outcomes wait here up to a second to be stored together; shutdown closes it (stores what waits). */
  learning: LearningStore;
  /** The ticket outbox (TICKETS); main starts its retry timer. */
  tickets?: TicketOutbox;
  /** The queue time-out check (QUEUE_TIMEOUT_MINUTES); main starts its timer. */
  queueWatch?: QueueWatch;
  /** Stops accepting turns; in-flight ones finish. */
  beginShutdown(): void;
};

export type AppDeps = { config: Config; logger: Logger; storage: StorageHandle; knowledge: LoadedKnowledge; startedAt?: number; now?: () => Date };

/** Wires adapter → state → bot → routes (BotBuilder-Samples core-bot order); nothing listens yet. */
export function createApp({ config, logger, storage, knowledge, startedAt = Date.now(), now }: AppDeps): App {
  // eTag-checked saves: a turn that lost a race with another instance runs again (see turnPipeline). User
  // state (nothing in it yet) is shared by a person's conversations and saved after conversation state, so
  // a conflict there must not re-run a turn whose conversation was already saved: it keeps "*".
  const conversationState = new TextCheckedConversationState(guardETags(storage.storage));
  const userState = new UserState(storage.storage);
  const say = wordingOf(knowledge.knowledge);
  const adapter = createAdapter(config, logger, conversationState, { kept: say('turn-error-kept'), reset: say('turn-error-reset'), unavailable: say('storage-unavailable') });
  const diagnoser = createAssistantDiagnoser(knowledge.knowledge);
  const learning = new LearningStore(storage.storage, knowledge.knowledge.causes, {
    enabled: config.learning,
    cacheMs: 60_000,
    renamed: knowledge.knowledge.renamed,
    onStored: (outcomes) => logger.info({ outcomes }, 'learning outcomes stored'),
    onError: (error, pending) => logger.warn({ err: error, pending }, 'learning outcomes not stored yet: trying again'),
    onLost: (outcomes, why) => logger.error({ outcomes, why }, 'learning outcomes given up'),
  });
  const desk = new HandoffDesk(storage.storage, now);
  const notice = createNotice(adapter, config.auth.appId);
  const tickets = createTicketOutbox(config.tickets, { storage: storage.storage, desk, logger, say, notice });
  const handoff = new HandoffCoordinator({
    diagnoser,
    desk,
    target: config.handoff.target,
    eventChannels: config.handoff.eventChannels,
    ...(tickets ? { openTicket: (handoffCase) => tickets.open(handoffCase) } : {}),
    ...(config.handoff.notifyUrl ? { announce: createTeamsNotifier({ url: config.handoff.notifyUrl, deskUrl: config.handoff.deskUrl, say, logger }) } : {}),
    ...(config.handoff.hours ? { hours: config.handoff.hours } : {}),
    ...(now ? { now } : {}),
  });
  const timeoutMs = config.handoff.queueTimeoutMinutes * 60_000;
  const queueWatch = timeoutMs > 0 ? createQueueWatch({ desk, timeoutMs, closedUntil: (locale) => handoff.closedUntil(locale), notice, say, logger, ...(now ? { now } : {}) }) : undefined;
  const dialog = new DiagnosisDialog({ diagnoser, learning, handoff, transcriptRetentionMs: config.handoff.transcriptTtlDays * 86_400_000 });
  const bot = new AssistantBot({ conversationState, dialog, greeting: say('greeting'), teamIntro: say('team-intro') });
  const runTurn = createTurnPipeline({ bot, conversationState, userState, logger, typingDelayMs: config.typingDelayMs, turnTimeoutMs: config.turnTimeoutMs });
  const inflight = new InflightTracker();
  const clientAddress = createClientAddress(config.trustedProxies);
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
      // A ticket-system outage shows here but never fails the check: the bot itself still works.
      ...(tickets ? { tickets: await tickets.health().catch(() => ({ system: tickets.system, status: 'unknown' })) } : {}),
      knowledge: describeKnowledge(knowledge),
    };
  };

  // Blob and Cosmos serve several instances, so their limits are counted in the store (a read and a write
  // per request); lowdb and memory serve one process, whose memory is the cheaper place to count.
  const sharedStore = storage.kind === 'blob' || storage.kind === 'cosmos' ? storage.storage : undefined;
  const limiterFor = (scope: string, options: TokenBucketOptions): RateLimiter =>
    sharedStore ? createStoredRateLimiter(sharedStore, scope, logger, options) : createMemoryRateLimiter(options);
  // One budget per conversation, whether it arrives on /api/messages or the local Direct Line.
  const limiter = limiterFor('messages', { perMinute: config.messagesPerMinute, burst: MESSAGE_BURST });
  const server = createServer({ config, logger, adapter, runTurn, inflight, health, isShuttingDown: () => shuttingDown, limiter });
  // Local mode only: the built-in Direct Line has no authentication of its own beyond per-conversation tokens.
  const localDirectLine =
    config.isLocalMode && !config.webChat.directLineSecret
      ? new LocalDirectLine({
          ...{ storage: storage.storage, adapter, runTurn, logger, limiter, inflight, baseUrl: () => loopbackUrl(server) },
          domainOf: (req) => `${localOrigin(req.header('host'), config.host, server)}/v3/directline`,
          allowedOrigins: config.webChat.allowedOrigins,
        })
      : undefined;
  localDirectLine?.register(server);
  const tokenBudget = { perMinute: config.webChat.tokensPerMinute, burst: TOKEN_BURST };
  registerWebChat(server, {
    config,
    logger,
    clientAddress,
    tokenLimiter: limiterFor('tokens', tokenBudget),
    refreshLimiter: limiterFor('refreshes', tokenBudget),
    wording: pageWording(say, knowledge.knowledge.vocabulary.language, { title: config.webChat.title, transcriptDays: config.handoff.transcriptTtlDays, stateDays: config.stateTtlDays }),
    ...(localDirectLine ? { localDirectLine } : {}),
  });
  const { signIn } = config.handoff;
  registerAgentDesk(server, {
    desk,
    auth: createAgentAuth(
      config.handoff.agents,
      logger,
      undefined,
      clientAddress,
      sharedStore ? createStoredFailureCounts(sharedStore, logger, FAILURE_WINDOW_MS) : createMemoryFailureCounts(FAILURE_WINDOW_MS),
    ),
    ...(signIn ? { signIn: createEntraSignIn({ ...signIn, publicUrl: config.handoff.deskUrl, sessions: new DeskSessions(storage.storage), logger }) } : {}),
    deliver: createAgentDelivery(adapter, config.auth.appId, runTurn),
    causes: knowledge.knowledge.causes,
    say,
    lang: knowledge.knowledge.vocabulary.language,
    logger,
  });
  return {
    server,
    adapter,
    runTurn,
    inflight,
    learning,
    ...(tickets ? { tickets } : {}),
    ...(queueWatch ? { queueWatch } : {}),
    beginShutdown: () => {
      shuttingDown = true;
      localDirectLine?.close();
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
