import { describe, expect, it } from 'vitest';
import { renderAgentPage } from '../../bot/agentDesk/agentPage.ts';
import { loadKnowledge } from '../../bot/loadKnowledge.ts';
import { notificationCard } from '../../bot/notify/teamsNotification.ts';
import { ticketTexts } from '../../bot/tickets/ticketText.ts';
import type { DiagnosisSummary } from '../../dialogs/diagnosis/summary.ts';
import { wordingOf } from '../../dialogs/diagnosis/wording.ts';
import type { HandoffCase } from '../../dialogs/handoff/handoffDesk.ts';
import { messageToAgent } from '../../dialogs/handoff/platforms.ts';
import { caseLines } from '../../dialogs/handoff/deskWording.ts';
import { pseudoMessages, readable, strayWords } from '../helpers/pseudoLocale.ts';

const { knowledge } = await loadKnowledge();
const say = wordingOf({ messages: pseudoMessages(knowledge.messages) });

// Values from the knowledge and the case, shown verbatim; everything else must be the knowledge's wording.
const diagnosis: DiagnosisSummary = {
  reason: 'failed-fixes',
  errorCodes: { main: ['0x904'], extended: ['0x7'], unknown: [] },
  errors: [{ id: 'rdp-0x904', title: 'Error one' }],
  facts: [
    { questionId: 'is-azure-vm', label: 'Azure VM', value: 'yes', source: 'stated' },
    { questionId: 'uses-vpn', label: 'VPN', value: 'no', source: 'answered' },
  ],
  unsure: [{ questionId: 'has-third-party-antivirus', label: 'security suite' }],
  ruledOut: [{ causeId: 'expired-rdp-certificate', title: 'Old certificate' }],
  fixesTried: [
    { fixId: 'a', title: 'Fix Alpha', outcome: 'failed' },
    { fixId: 'b', title: 'Fix Beta', outcome: 'worked' },
    { fixId: 'c', title: 'Fix Gamma', outcome: 'failed', before: true },
  ],
  topCauses: [{ causeId: 'corrupt-machinekeys', title: 'Broken keys', p: 0.6 }],
};
const handoffCase: HandoffCase = {
  id: 'case-1',
  status: 'queued',
  reference: {},
  channelId: 'webchat',
  locale: 'en-US',
  diagnosis,
  messages: [],
  queuedAt: '2026-12-02T07:00:00.000Z',
  ticket: { system: 'webhook', number: 'HD-1' },
  requester: { name: 'Alex Wilber', email: 'alex@contoso.example', source: 'portal' },
  transcript: [{ from: 'user', text: 'Hello', at: '2026-12-02T07:00:00.000Z' }],
};
const VALUES = ['Alex Wilber', 'alex@contoso.example', 'Hello', 'Ada', 'Error one', 'Azure VM', 'VPN', 'security suite', 'Old certificate', 'Fix Alpha', 'Fix Beta', 'Fix Gamma', 'Broken keys', 'webchat', 'case-1', 'HD-1', 'ext', '0x904', '0x7'];

function cardText(card: unknown): string[] {
  const texts: string[] = [];
  JSON.stringify(card, (key, value: unknown) => {
    if (typeof value === 'string' && ['text', 'title', 'value'].includes(key)) texts.push(value);
    return value;
  });
  return texts;
}

describe('the help desk side in a pseudo-locale', () => {
  it('words the agent brief, the ticket and the Teams notification only from the knowledge', () => {
    const ticket = ticketTexts(handoffCase, say);
    const shown = [messageToAgent(say, diagnosis, 'webchat'), ticket.shortDescription, ticket.workNotes, ...cardText(notificationCard(handoffCase, { deskUrl: '', say }))];
    expect(shown.flatMap((text) => strayWords(text, VALUES))).toEqual([]);
    expect(ticket.workNotes).toContain('⟦desk-outcome-failed⟧');
    expect(ticket.workNotes).toContain('⟦desk-outcome-failed-before⟧');
    expect(ticket.shortDescription).toContain('⟦desk-reason-failed-fixes⟧');
  });

  it('words the agent desk page, its script and the case summary only from the knowledge', () => {
    const html = renderAgentPage({ nonce: 'n', agent: 'Ada', canSignOut: true, say, lang: 'qps-ploc' });
    expect(strayWords(readable(html), VALUES)).toEqual([]);
    const scriptWords = JSON.parse(/<script type="application\/json" id="words">([^<]*)<\/script>/.exec(html)?.[1] ?? '{}') as Record<string, string>;
    expect(Object.keys(scriptWords).length).toBeGreaterThan(0);
    // The script fills the {placeholders} in itself.
    expect(Object.values(scriptWords).flatMap((w) => strayWords(w.replace(/\{\w+\}/g, ' '), []))).toEqual([]);
    expect(caseLines(say, handoffCase).flatMap((line) => strayWords(line, VALUES))).toEqual([]);
  });
});
