import { setTimeout } from 'node:timers/promises';
import { ActivityTypes, type ActivityHandler, type ConversationState, type TurnContext, type UserState } from 'botbuilder';
import { AFTER_SAVE, type AfterSave } from '../dialogs/afterSave.ts';
import { isETagConflict } from './eTagGuard.ts';
import type { Logger } from './logger.ts';
import { holdReplies, type ReplyHold } from './replyHold.ts';
import { KeyedLock } from './storage/keyedLock.ts';
import { startTypingIndicator } from './typingIndicator.ts';

const RECENT_IDS_KEPT = 50;
/** Runs of one turn when another instance saved the conversation first. */
const ATTEMPTS = 8;
/** First pause before running a turn again; doubles each time, with jitter, so a busy peer can finish. */
const RETRY_PAUSE_MS = 20;

export type TurnPipelineDeps = {
  bot: ActivityHandler;
  conversationState: ConversationState;
  userState: UserState;
  logger: Logger;
  typingDelayMs: number;
  /** A turn still running after this long gives up its place in line, unsaved (0 = no limit). */
  turnTimeoutMs: number;
};

/** A turn that ran past TURN_TIMEOUT_MS: nothing of it is saved or sent. */
export class TurnTimeoutError extends Error {
  constructor(ms: number) {
    super(`turn still running after ${ms} ms`);
    this.name = 'TurnTimeoutError';
  }
}

/**
 * Wraps the bot's turn: one turn at a time per conversation on this instance (in arrival order), drop
 * redelivered activities, show typing while slow, run the bot, save conversation and user state with
 * eTag checks, and only then send the replies. When another instance saved the conversation in between,
 * the whole turn runs again on the fresh state, so neither facts nor remembered activity ids are lost.
 */
export function createTurnPipeline(deps: TurnPipelineDeps): (context: TurnContext) => Promise<void> {
  const recentIds = deps.conversationState.createProperty<string[]>('recentActivityIds');
  const line = new KeyedLock();

  const attempt = async (context: TurnContext, log: Logger, isCurrent: () => boolean): Promise<void> => {
    const { activity } = context;
    const saved: AfterSave = [];
    context.turnState.set(AFTER_SAVE, saved);
    if (isDeduplicated(context)) {
      const seen = await recentIds.get(context, []);
      if (seen.includes(activity.id ?? '')) {
        log.info({ type: activity.type }, 'duplicate delivery ignored');
        return;
      }
      await recentIds.set(context, [...seen, activity.id ?? ''].slice(-RECENT_IDS_KEPT));
    }
    await runBot(context, deps, log);
    if (!isCurrent()) throw new TurnTimeoutError(deps.turnTimeoutMs);
    await deps.conversationState.saveChanges(context);
    await deps.userState.saveChanges(context);
    for (const work of saved.splice(0)) {
      try {
        work();
      } catch (error) {
        log.error({ err: error }, 'work after the save failed');
      }
    }
  };

  const run = async (context: TurnContext, replies: ReplyHold, isCurrent: () => boolean): Promise<void> => {
    const log = deps.logger.child({ conversationId: context.activity.conversation?.id, activityId: context.activity.id, channelId: context.activity.channelId });
    const started = performance.now();
    for (let n = 1; ; n += 1) {
      try {
        await attempt(context, log, isCurrent);
        await replies.release();
        log.info({ type: context.activity.type, durationMs: Math.round(performance.now() - started), attempts: n }, 'turn finished');
        return;
      } catch (error) {
        if (!isETagConflict(error) || n >= ATTEMPTS || !isCurrent()) {
          replies.abandon();
          throw error;
        }
        log.info({ attempt: n }, 'conversation saved elsewhere meanwhile: running the turn again');
        replies.discard();
        await setTimeout(Math.min(1000, RETRY_PAUSE_MS * 2 ** (n - 1)) * (0.5 + Math.random()));
        await deps.conversationState.load(context, true);
      }
    }
  };

  return async (context) => {
    const replies = holdReplies(context);
    await line.run(`${context.activity.channelId}/${context.activity.conversation?.id ?? ''}`, () =>
      timeBoxed(deps.turnTimeoutMs, (isCurrent) => run(context, replies, isCurrent), () => replies.abandon()),
    );
  };
}

/**
 * Runs work, which is told whether it is still current; after `ms` (0 = never) calls onTimeout and rejects
 * with TurnTimeoutError while the work, no longer current, finishes unobserved.
 */
async function timeBoxed(ms: number, work: (isCurrent: () => boolean) => Promise<void>, onTimeout: () => void): Promise<void> {
  if (ms <= 0) return work(() => true);
  let current = true;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = globalThis.setTimeout(() => {
      current = false;
      onTimeout();
      reject(new TurnTimeoutError(ms));
    }, ms);
  });
  const running = work(() => current);
  running.catch(() => undefined);
  try {
    await Promise.race([running, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function runBot(context: TurnContext, deps: TurnPipelineDeps, log: Logger): Promise<void> {
  log.debug({ type: context.activity.type }, 'turn started');
  if (context.activity.type === ActivityTypes.Message) log.debug({ text: context.activity.text }, 'user text');
  const typing = startTypingIndicator(context, deps.typingDelayMs, (error) => log.warn({ err: error }, 'typing indicator failed'));
  try {
    await deps.bot.run(context);
  } finally {
    await typing.stop();
  }
}

/** Channels retry deliveries with the same id; invokes are excluded because they need their own response. */
function isDeduplicated(context: TurnContext): boolean {
  const { activity } = context;
  return Boolean(activity.id && activity.conversation?.id) && activity.type !== ActivityTypes.Invoke;
}
