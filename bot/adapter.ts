import {
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type Activity,
  type ConversationState,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import type { AuthenticateRequestResult } from 'botframework-connector';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import { isStorageUnavailable } from './storage/storeErrors.ts';

export const TURN_ERROR_REPLY =
  'Sorry, something went wrong on my side. Please describe the problem again, or type "agent" to reach a person.';

export const STORAGE_UNAVAILABLE_REPLY = "Sorry, I can't reach my records right now. Please try again in a moment.";

/**
 * CloudAdapter whose per-activity entry point is public, so the route (not the SDK's `process`, which
 * console.logs and echoes error messages) owns validation, status codes and structured logging.
 */
export class BotAdapter extends CloudAdapter {
  /** Authenticates, then runs one activity; throws NotAuthenticatedError for any token problem. */
  async handleActivity(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    let authentication: AuthenticateRequestResult;
    try {
      authentication = await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
    } catch (error) {
      // The SDK throws AuthenticationError for most token problems but a bare JsonWebTokenError for a bad signature.
      throw new NotAuthenticatedError(error instanceof Error ? error.message : String(error));
    }
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

/** Builds the CloudAdapter with explicit Bot Framework authentication and the STYLE.md onTurnError. */
export function createAdapter(config: Config, logger: Logger, conversationState: ConversationState): BotAdapter {
  const { appId, appPassword, appType, tenantId } = config.auth;
  const credentials = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: appId,
    MicrosoftAppPassword: appPassword,
    // The SDK asserts an app id for SingleTenant and MSI; local mode has none and authenticates nothing.
    MicrosoftAppType: config.isLocalMode ? 'MultiTenant' : appType,
    MicrosoftAppTenantId: tenantId,
  });
  const auth = new ConfigurationBotFrameworkAuthentication(
    { MicrosoftAppId: appId, MicrosoftAppTenantId: tenantId },
    credentials,
  );
  const adapter = new BotAdapter(auth);

  adapter.onTurnError = async (context, error) => {
    const { activity } = context;
    if (isStorageUnavailable(error)) {
      // State is saved only at the end of a turn, so the stored conversation is as before this turn: keep it.
      logger.warn({ err: error, activityId: activity.id, conversationId: activity.conversation?.id }, 'turn refused: storage unavailable');
      if (activity.type === ActivityTypes.Message) await context.sendActivity(STORAGE_UNAVAILABLE_REPLY).catch(() => undefined);
      return;
    }
    logger.error(
      { err: error, activityId: activity.id, conversationId: activity.conversation?.id, channelId: activity.channelId },
      'turn failed',
    );
    try {
      if (activity.type === ActivityTypes.Message) await context.sendActivity(TURN_ERROR_REPLY);
      // A dialog stack that threw once will throw again: start the conversation afresh.
      await conversationState.delete(context);
    } catch (cleanupError) {
      logger.error({ err: cleanupError, activityId: activity.id }, 'turn error handling failed');
    }
  };
  return adapter;
}
