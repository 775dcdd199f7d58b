import { createHmac } from 'node:crypto';
import type { HandoffCase } from '../../dialogs/handoff/handoffDesk.ts';
import type { Wording } from '../../dialogs/diagnosis/wording.ts';
import { ticketTexts } from './ticketText.ts';
import { fetchTicketApi, TicketError, type TicketClient } from './ticketTypes.ts';

export type WebhookOptions = { url: string; secret: string; say: Wording; now?: () => Date };

/** The signature header value for a body sent at `timestamp` (seconds): sha256=hex(HMAC-SHA256(secret, `${timestamp}.${body}`)). */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * A signed JSON POST for any ticket tool (Jira Service Management, Freshservice, Zendesk automations):
 * `X-Signature-Timestamp` and `X-Signature-256` let the receiver check origin and freshness. The receiver
 * may answer `{ number, url }`; otherwise the case reference it was sent is the ticket number.
 */
export function createWebhookClient(options: WebhookOptions): TicketClient {
  const now = options.now ?? (() => new Date());
  return {
    system: 'webhook',
    async create(c: HandoffCase) {
      const reference = `RDP-${c.id.slice(0, 8).toUpperCase()}`;
      const { shortDescription, workNotes } = ticketTexts(c, options.say);
      const body = JSON.stringify({
        type: 'rdp-assistant.handoff',
        reference,
        caseId: c.id,
        queuedAt: c.queuedAt,
        channel: c.channelId,
        requester: c.requester ?? null,
        shortDescription,
        workNotes,
        diagnosis: c.diagnosis,
        transcript: c.transcript,
      });
      const timestamp = String(Math.floor(now().getTime() / 1000));
      const response = await fetchTicketApi(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature-timestamp': timestamp, 'x-signature-256': signWebhook(options.secret, timestamp, body) },
        body,
      });
      if (!response.ok) throw new TicketError(`webhook answered ${response.status}`, response.status);
      const answer = (await response.json().catch(() => ({}))) as { number?: unknown; key?: unknown; url?: unknown };
      const number = [answer.number, answer.key].find((v): v is string => typeof v === 'string' && v.length > 0) ?? reference;
      const url = typeof answer.url === 'string' && /^https?:\/\//.test(answer.url) ? answer.url : undefined;
      return { system: 'webhook', number, ...(url ? { url } : {}) };
    },
  };
}
