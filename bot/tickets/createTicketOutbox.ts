import type { ConversationReference, Storage } from 'botbuilder';
import type { HandoffDesk } from '../../dialogs/handoff/handoffDesk.ts';
import type { TicketsConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Wording } from '../../dialogs/diagnosis/wording.ts';
import { createServiceNowClient } from './serviceNow.ts';
import { TicketOutbox } from './ticketOutbox.ts';
import type { TicketClient } from './ticketTypes.ts';
import { createWebhookClient } from './webhook.ts';

export type TicketOutboxOptions = {
  storage: Storage;
  desk: HandoffDesk;
  logger: Logger;
  say: Wording;
  notice: (reference: Partial<ConversationReference>, text: string) => Promise<void>;
};

/** The ticket outbox for TICKETS, or undefined when tickets are off. */
export function createTicketOutbox(config: TicketsConfig, options: TicketOutboxOptions): TicketOutbox | undefined {
  const client = createClient(config, options.say);
  if (!client) return undefined;
  return new TicketOutbox({
    storage: options.storage,
    desk: options.desk,
    client,
    logger: options.logger,
    baseDelayMs: config.retrySeconds * 1000,
    notify: (handoffCase, ticket) => options.notice(handoffCase.reference, options.say('ticket-created', { number: ticket.number })),
  });
}

function createClient(config: TicketsConfig, say: Wording): TicketClient | undefined {
  switch (config.kind) {
    case 'servicenow':
      return createServiceNowClient({ ...config, say });
    case 'webhook':
      return createWebhookClient({ url: config.url, secret: config.secret, say });
    case 'off':
      return undefined;
  }
}
