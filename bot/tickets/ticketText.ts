import type { HandoffCase } from '../../dialogs/handoff/handoffDesk.ts';
import { describeReason, diagnosisLines } from '../../dialogs/handoff/deskWording.ts';
import { messageToAgent } from '../../dialogs/handoff/platforms.ts';
import type { Wording } from '../../dialogs/diagnosis/wording.ts';

export type TicketTexts = { shortDescription: string; workNotes: string };

const SHORT_MAX = 160;

/**
 * The words of a ticket from a desk case: a short description from the diagnosis (messages.yaml
 * `ticket-short-description`: {problem}, {reason}) and work notes with the agent brief, the diagnosis
 * line by line and the redacted transcript.
 */
export function ticketTexts(c: HandoffCase, say: Wording): TicketTexts {
  const d = c.diagnosis;
  const codes = [...d.errorCodes.main, ...d.errorCodes.extended.map((x) => `ext ${x}`)].join(' / ');
  const problem = d.errors[0]?.title ?? (codes || d.topCauses[0]?.title || say('desk-problem-unknown'));
  const short = say('ticket-short-description', { problem, reason: describeReason(say, d.reason) });
  const lines = [
    messageToAgent(say, d, c.channelId),
    '',
    ...diagnosisLines(say, d),
    '',
    ...c.transcript.map((m) => `[${m.at}] ${m.from === 'agent' ? (m.agent ?? say('desk-agent')) : say(`desk-from-${m.from}`)}: ${m.text}`),
  ];
  return { shortDescription: short.slice(0, SHORT_MAX), workNotes: lines.join('\n') };
}
