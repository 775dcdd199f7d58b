import {
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type Activity,
  type ConversationState,
  type InvokeResponse,
  type ResourceResponse,
  type TurnContext,
} from 'botbuilder';
import type { AuthenticateRequestResult } from 'botframework-connector';
import { ClientReusingAuthentication } from './clientReuse.ts';
import { TURN_FAILURES } from '../dialogs/turnFailures.ts';
import { recordRefusal } from '../dialogs/channelRefusals.ts';
import type { Config } from './config.ts';
import { isETagConflict } from './eTagGuard.ts';
import type { Logger } from './logger.ts';
import { TurnTimeoutError } from './turnPipeline.ts';
import { isStorageUnavailable } from './storage/storeErrors.ts';

/** What onTurnError says: the conversation kept (first failure) or started afresh (its state is the problem), or the store is down. */
export type TurnErrorReplies = { kept: string; reset: string; unavailable: string };

/**
 * CloudAdapter whose per-activity entry point is public, so the route (not the SDK's `process`, which
 * console.logs and echoes error messages) owns validation, status codes and structured logging. A send the
 * channel refuses (Teams answers 400 to events; 403, 429, 5xx happen) is logged and noted on the turn
 * instead of failing it, so one refused activity never turns into "something went wrong".
 */
export class BotAdapter extends CloudAdapter {
  #logger: Logger | undefined;

  /** Where refused sends are logged (set once by createAdapter). */
  set logger(logger: Logger) {
    this.#logger = logger;
  }

  override async sendActivities(context: TurnContext, activities: Array<Partial<Activity>>): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      try {
        responses.push(...(await super.sendActivities(context, [activity])));
      } catch (error) {
        if (!isChannelFailure(error)) throw error;
        const status = typeof error.statusCode === 'number' ? error.statusCode : undefined;
        const refusal = { type: activity.type ?? 'message', ...(activity.name ? { name: activity.name } : {}), ...(status ? { status } : {}) };
        this.#logger?.warn({ ...refusal, code: error.code, conversationId: context.activity.conversation?.id, activityId: context.activity.id, channelId: context.activity.channelId }, 'channel refused an outgoing activity');
        recordRefusal(context, refusal);
        responses.push({ id: '' });
      }
    }
    return responses;
  }

  /**
   * Authenticates, then runs one activity; throws NotAuthenticatedError for any token problem. `admit`
   * runs between the two (a rate limit that only authenticated callers can use up) and may throw.
   */
  async handleActivity(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
    admit?: () => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    let authentication: AuthenticateRequestResult;
    try {
      authentication = await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
    } catch (error) {
      // The SDK throws AuthenticationError for most token problems but a bare JsonWebTokenError for a bad signature.
      throw new NotAuthenticatedError(error instanceof Error ? error.message : String(error));
    }
    await admit?.();
    return this.processActivity(authentication, activity, logic);
  }
}

/** Any failure to authenticate an inbound request: always a 401, never a 500. */
export class NotAuthenticatedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NotAuthenticatedError';
  }
}

/** An HTTP answer from the channel or a network failure on the way there (not a bug in the bot). */
function isChannelFailure(error: unknown): error is { statusCode?: unknown; code?: unknown } {
  if (typeof error !== 'object' || error === null) return false;
  const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
  return typeof statusCode === 'number' || typeof code === 'string';
}

/** Builds the CloudAdapter with explicit Bot Framework authentication and the STYLE.md onTurnError. */
export function createAdapter(config: Config, logger: Logger, conversationState: ConversationState, replies: TurnErrorReplies): BotAdapter {
  const { appId, appPassword, appType, tenantId } = config.auth;
  const credentials = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: appId,
    MicrosoftAppPassword: appPassword,
    // The SDK asserts an app id for SingleTenant and MSI; local mode has none and authenticates nothing.
    MicrosoftAppType: config.isLocalMode ? 'MultiTenant' : appType,
    MicrosoftAppTenantId: tenantId,
  });
  const auth = new ClientReusingAuthentication(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: appId, MicrosoftAppTenantId: tenantId }, credentials));
  const adapter = new BotAdapter(auth);
  adapter.logger = logger;
  const keepOrReset = createFailureKeeper(conversationState, logger);

  adapter.onTurnError = async (context, error) => {
    const { activity } = context;
    if (isStorageUnavailable(error)) {
      // State is saved only at the end of a turn, so the stored conversation is as before this turn: keep it.
      logger.warn({ err: error, activityId: activity.id, conversationId: activity.conversation?.id }, 'turn refused: storage unavailable');
      if (activity.type === ActivityTypes.Message) await context.sendActivity(replies.unavailable).catch(() => undefined);
      return;
    }
    logger.error(
      { err: error, activityId: activity.id, conversationId: activity.conversation?.id, channelId: activity.channelId },
      'turn failed',
    );
    try {
      // A turn that ran out of time or kept losing the race to save saved nothing: its conversation is intact.
      const intact = error instanceof TurnTimeoutError || isETagConflict(error);
      const kept = intact || (await keepOrReset(context));
      if (activity.type === ActivityTypes.Message) await context.sendActivity(kept ? replies.kept : replies.reset);
    } catch (cleanupError) {
      logger.error({ err: cleanupError, activityId: activity.id }, 'turn error handling failed');
    }
  };
  return adapter;
}

const FAILURES_BEFORE_RESET = 2;

/**
 * After a failed turn: keeps the diagnosis as last saved (the failed turn's changes are dropped) and counts
 * the failure; when the stored state cannot be read or written, or a second turn in a row fails on it, the
 * state is the problem and the conversation starts afresh. Returns true when the state was kept.
 */
function createFailureKeeper(conversationState: ConversationState, logger: Logger): (context: TurnContext) => Promise<boolean> {
  const failures = conversationState.createProperty<number>(TURN_FAILURES);
  return async (context) => {
    try {
      await conversationState.load(context, true);
      const count = (await failures.get(context, 0)) + 1;
      if (count < FAILURES_BEFORE_RESET) {
        await failures.set(context, count);
        await conversationState.saveChanges(context, true);
        return true;
      }
    } catch (stateError) {
      logger.error({ err: stateError, activityId: context.activity.id }, 'conversation state unusable');
    }
    await conversationState.delete(context);
    return false;
  };
}
