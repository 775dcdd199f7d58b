import type { ConversationReference, TurnContext } from 'botbuilder';
import type { AgentEvent } from '../dialogs/diagnosis/session.ts';
import { refusedSends, type RefusedSend } from '../dialogs/channelRefusals.ts';
import { AGENT_EVENT } from '../dialogs/handoff/handoffCoordinator.ts';
import type { BotAdapter } from './adapter.ts';

export type AgentDelivery = (reference: Partial<ConversationReference>, event: AgentEvent) => Promise<void>;

/** The person's channel did not take what the agent side sent (status undefined: it could not be reached). */
export class DeliveryRefusedError extends Error {
  readonly status: number | undefined;
  constructor(status: number | undefined) {
    super(`the person's channel refused the message${status ? ` (HTTP ${status})` : ''}`);
    this.name = 'DeliveryRefusedError';
    this.status = status;
  }
}

/**
 * Delivers an agent-desk event into a conversation as a proactive turn (continueConversationAsync with
 * the stored reference): the event rides in turnState, where no channel can put it, and the normal turn
 * pipeline runs, so the dialog renders the reply for the channel and conversation state is saved.
 */
export function createAgentDelivery(adapter: BotAdapter, appId: string, runTurn: (context: TurnContext) => Promise<void>): AgentDelivery {
  return async (reference, event) => {
    let refused: RefusedSend | undefined;
    await adapter.continueConversationAsync(appId, reference, async (context) => {
      context.activity.name = 'agentDesk';
      context.turnState.set(AGENT_EVENT, event);
      await runTurn(context);
      [refused] = refusedSends(context);
    });
    // The adapter logged the refusal and let the turn finish (throwing inside it would reach onTurnError);
    // the agent still has to hear of it.
    if (refused) throw new DeliveryRefusedError(refused.status);
  };
}

/** Sends one plain message into a conversation outside any turn (a ticket number that arrived later). */
export function createNotice(adapter: BotAdapter, appId: string): (reference: Partial<ConversationReference>, text: string) => Promise<void> {
  return async (reference, text) => {
    await adapter.continueConversationAsync(appId, reference, async (context) => {
      await context.sendActivity(text);
    });
  };
}
