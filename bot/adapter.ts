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
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';

export const TURN_ERROR_REPLY =
  'Sorry, something went wrong on my side. Please describe the problem again, or type "agent" to reach a person.';

/**
 * CloudAdapter whose per-activity entry point is public, so the route (not the SDK's `process`, which
 * console.logs and echoes error messages) owns validation, status codes and structured logging.
 */
export class BotAdapter extends CloudAdapter {
  /** Authenticates and runs one activity; throws AuthenticationError for a bad token. */
  handleActivity(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

/** Builds the CloudAdapter with explicit Bot Framework authentication and the STYLE.md onTurnError. */
export function createAdapter(config: Config, logger: Logger, conversationState: ConversationState): BotAdapter {
  const { appId, appPassword, appType, tenantId } = config.auth;
  const credentials = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: appId,
    MicrosoftAppPassword: appPassword,
    MicrosoftAppType: appType,
    MicrosoftAppTenantId: tenantId,
  });
  const auth = new ConfigurationBotFrameworkAuthentication(
    { MicrosoftAppId: appId, MicrosoftAppTenantId: tenantId },
    credentials,
  );
  const adapter = new BotAdapter(auth);

  adapter.onTurnError = async (context, error) => {
    const { activity } = context;
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
