import type { ConversationReference, Storage } from 'botbuilder';
import type { HandoffDesk } from '../../dialogs/handoff/handoffDesk.ts';
import type { TicketsConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import { createServiceNowClient } from './serviceNow.ts';
import { TicketOutbox } from './ticketOutbox.ts';
import type { TicketClient } from './ticketTypes.ts';
import { createWebhookClient } from './webhook.ts';

export type TicketOutboxOptions = {
  storage: Storage;
  desk: HandoffDesk;
  logger: Logger;
  messages: Readonly<Record<string, string>>;
  notice: (reference: Partial<ConversationReference>, text: string) => Promise<void>;
};

/** The ticket outbox for TICKETS, or undefined when tickets are off. */
export function createTicketOutbox(config: TicketsConfig, options: TicketOutboxOptions): TicketOutbox | undefined {
  const client = createClient(config, options.messages);
  if (!client) return undefined;
  const template = options.messages['ticket-created'] ?? '{number}';
  return new TicketOutbox({
    storage: options.storage,
    desk: options.desk,
    client,
    logger: options.logger,
    baseDelayMs: config.retrySeconds * 1000,
    notify: (handoffCase, ticket) => options.notice(handoffCase.reference, template.replace('{number}', ticket.number)),
  });
}

function createClient(config: TicketsConfig, messages: Readonly<Record<string, string>>): TicketClient | undefined {
  switch (config.kind) {
    case 'servicenow':
      return createServiceNowClient({ ...config, messages });
    case 'webhook':
      return createWebhookClient({ url: config.url, secret: config.secret, messages });
    case 'off':
      return undefined;
  }
}
