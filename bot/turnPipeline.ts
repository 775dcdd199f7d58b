import { ActivityTypes, type ActivityHandler, type ConversationState, type TurnContext, type UserState } from 'botbuilder';
import type { Logger } from './logger.ts';
import { startTypingIndicator } from './typingIndicator.ts';

const RECENT_IDS_KEPT = 50;

export type TurnPipelineDeps = {
  bot: ActivityHandler;
  conversationState: ConversationState;
  userState: UserState;
  logger: Logger;
  typingDelayMs: number;
};

/**
 * Wraps the bot's turn: drop redelivered activities, show typing while slow, run the bot, then save
 * conversation and user state exactly once.
 */
export function createTurnPipeline(deps: TurnPipelineDeps): (context: TurnContext) => Promise<void> {
  const recentIds = deps.conversationState.createProperty<string[]>('recentActivityIds');
  // Redeliveries racing the first delivery on this instance; the stored list covers every other case.
  const inFlight = new Set<string>();

  return async (context) => {
    const { activity } = context;
    const log = deps.logger.child({
      conversationId: activity.conversation?.id,
      activityId: activity.id,
      channelId: activity.channelId,
    });
    const dedupeKey = isDeduplicated(context) ? `${activity.channelId}/${activity.conversation.id}/${activity.id}` : undefined;
    if (dedupeKey && inFlight.has(dedupeKey)) {
      log.info({ type: activity.type }, 'duplicate delivery ignored (in flight)');
      return;
    }
    if (dedupeKey) inFlight.add(dedupeKey);
    try {
      if (dedupeKey) {
        const seen = await recentIds.get(context, []);
        if (seen.includes(activity.id ?? '')) {
          log.info({ type: activity.type }, 'duplicate delivery ignored');
          return;
        }
        await recentIds.set(context, [...seen, activity.id ?? ''].slice(-RECENT_IDS_KEPT));
      }
      await runTurn(context, deps, log);
    } finally {
      if (dedupeKey) inFlight.delete(dedupeKey);
    }
  };
}

async function runTurn(context: TurnContext, deps: TurnPipelineDeps, log: Logger): Promise<void> {
  const started = performance.now();
  log.debug({ type: context.activity.type }, 'turn started');
  if (context.activity.type === ActivityTypes.Message) log.debug({ text: context.activity.text }, 'user text');
  const typing = startTypingIndicator(context, deps.typingDelayMs, (error) => log.warn({ err: error }, 'typing indicator failed'));
  try {
    await deps.bot.run(context);
  } finally {
    await typing.stop();
  }
  await Promise.all([deps.conversationState.saveChanges(context), deps.userState.saveChanges(context)]);
  log.info({ type: context.activity.type, durationMs: Math.round(performance.now() - started) }, 'turn finished');
}

/** Channels retry deliveries with the same id; invokes are excluded because they need their own response. */
function isDeduplicated(context: TurnContext): boolean {
  const { activity } = context;
  return Boolean(activity.id && activity.conversation?.id) && activity.type !== ActivityTypes.Invoke;
}
