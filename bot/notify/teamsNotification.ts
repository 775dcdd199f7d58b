import type { HandoffCase } from '../../dialogs/handoff/handoffDesk.ts';
import { describeReason, likelyText } from '../../dialogs/handoff/deskWording.ts';
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
  const { say } = options;
  const d = c.diagnosis;
  const codes = [...d.errorCodes.main, ...d.errorCodes.extended.map((x) => `ext ${x}`)].join(' / ') || say('desk-none');
  const person = c.requester ? [c.requester.name, c.requester.email].filter(Boolean).join(' · ') : say('desk-unknown');
  const facts = [
    { title: say('desk-person'), value: person },
    { title: say('desk-channel'), value: c.channelId },
    { title: say('desk-reason'), value: describeReason(say, d.reason) },
    { title: say('desk-error-codes'), value: codes },
    { title: say('desk-most-likely'), value: likelyText(say, { ...d, topCauses: d.topCauses.slice(0, 1) }) || say('desk-unknown') },
    ...(c.ticket ? [{ title: say('desk-ticket'), value: c.ticket.number }] : []),
  ];
  const link = options.deskUrl ? `${options.deskUrl.replace(/\/+$/, '')}/agent#case=${encodeURIComponent(c.id)}` : '';
  const card = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body: [
      { type: 'TextBlock', size: 'Medium', weight: 'Bolder', wrap: true, text: say('desk-notify-title') },
      { type: 'FactSet', facts },
      { type: 'TextBlock', wrap: true, text: messageToAgent(say, d, c.channelId) },
    ],
    ...(link ? { actions: [{ type: 'Action.OpenUrl', title: say('desk-notify-open'), url: link }] } : {}),
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
