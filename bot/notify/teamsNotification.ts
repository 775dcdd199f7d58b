import type { HandoffCase } from '../../dialogs/handoff/handoffDesk.ts';
import { messageToAgent } from '../../dialogs/handoff/platforms.ts';
import type { Logger } from '../logger.ts';
import type { Wording } from '../../dialogs/diagnosis/wording.ts';

export type TeamsNotifierOptions = {
  /** The Teams Workflows "When a Teams webhook request is received" URL. */
  url: string;
  /** Public base URL of the bot, for the card's link to the case on the desk; empty = no link. */
  deskUrl: string;
  say: Wording;
  logger: Logger;
};

// The notice is sent within the hand-off turn (Teams gives a turn about 15 s), so it waits briefly.
const TIMEOUT_MS = 4000;

/** The Workflows webhook body: a message with one Adaptive Card 1.4 attachment about a queued case. */
export function notificationCard(c: HandoffCase, options: Pick<TeamsNotifierOptions, 'deskUrl' | 'say'>): Record<string, unknown> {
  const d = c.diagnosis;
  const codes = [...d.errorCodes.main, ...d.errorCodes.extended.map((x) => `ext ${x}`)].join(' / ') || 'none';
  const person = c.requester ? [c.requester.name, c.requester.email].filter(Boolean).join(' · ') : 'unknown';
  const facts = [
    { title: 'Person', value: person },
    { title: 'Channel', value: c.channelId },
    { title: 'Reason', value: d.reason },
    { title: 'Error codes', value: codes },
    { title: 'Most likely', value: d.topCauses[0] ? `${d.topCauses[0].title} (${Math.round(d.topCauses[0].p * 100)}%)` : 'unknown' },
    ...(c.ticket ? [{ title: 'Ticket', value: c.ticket.number }] : []),
  ];
  const link = options.deskUrl ? `${options.deskUrl.replace(/\/+$/, '')}/agent#case=${encodeURIComponent(c.id)}` : '';
  const card = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body: [
      { type: 'TextBlock', size: 'Medium', weight: 'Bolder', wrap: true, text: options.say('desk-notify-title') },
      { type: 'FactSet', facts },
      { type: 'TextBlock', wrap: true, text: messageToAgent(options.say, d, c.channelId) },
    ],
    ...(link ? { actions: [{ type: 'Action.OpenUrl', title: options.say('desk-notify-open'), url: link }] } : {}),
  };
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] };
}

/** Posts the card for a queued case; never throws (a failed notice is logged, the case is queued anyway). */
export function createTeamsNotifier(options: TeamsNotifierOptions): (handoffCase: HandoffCase) => Promise<void> {
  return async (handoffCase) => {
    try {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(notificationCard(handoffCase, options)),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
    } catch (error) {
      options.logger.warn({ caseId: handoffCase.id, reason: error instanceof Error ? error.message : String(error) }, 'Teams notification not delivered');
    }
  };
}
