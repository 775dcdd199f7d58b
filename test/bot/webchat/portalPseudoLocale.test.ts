import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../bot/loadKnowledge.ts';
import { pageWording, renderPortalPage } from '../../../bot/webchat/portalPage.ts';
import { wordingOf } from '../../../dialogs/diagnosis/wording.ts';
import { pseudoMessages, readable, strayWords } from '../../helpers/pseudoLocale.ts';

const SITE = { title: 'Fabrikam Portal', transcriptDays: 12, stateDays: 7 };
const { knowledge } = await loadKnowledge();
const pseudo = wordingOf({ messages: pseudoMessages(knowledge.messages) });

describe('the web chat page in a pseudo-locale', () => {
  it('shows only the knowledge wording and the portal name, in the knowledge language', () => {
    const wording = pageWording(pseudo, 'qps-ploc', SITE);
    const html = renderPortalPage({ title: SITE.title, accent: '#123456', nonce: 'n', wording });
    expect(html).toContain('<html lang="qps-ploc">');
    expect(strayWords(readable(html), [SITE.title])).toEqual([]);
    expect(html).toContain('⟦webchat-start-failed⟧');
  });

  it('gives the embed script every label it shows (copy button, announcements, shell names)', () => {
    const { labels } = pageWording(pseudo, 'qps-ploc', SITE);
    const values = [labels.copy, labels.copied, labels.copiedShort, labels.copyFailed, labels.command, ...Object.values(labels.shells)];
    expect(values.flatMap((v) => strayWords(v, []))).toEqual([]);
    expect(values.every((v) => v.startsWith('⟦'))).toBe(true);
  });

  it('finds English typed into the page (the check itself can fail)', () => {
    expect(strayWords(readable('<p aria-label="Chat">⟦x⟧</p><noscript>Needs JavaScript</noscript><script>var a = "hidden";</script>'), [])).toEqual(['Needs', 'JavaScript', 'Chat']);
  });
});
