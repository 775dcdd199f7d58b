import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Fix } from '../../dialogs/diagnosis/knowledgeTypes.ts';

/** What the page shows of one fix: the numbered items, each command block's text, and how it fits. */
export type ShownFix = {
  listCount: number;
  listStart: string | null;
  items: string[];
  codes: Array<{ text: string; fits: boolean; scrolls: boolean; insideViewport: boolean }>;
  bubbleText: string;
};

/** Types the description, then answers "No" / "Not sure" until a fix with a command block is shown. */
export async function driveToFix(page: Page, description: string): Promise<void> {
  const input = page.getByPlaceholder('Type your message');
  await input.waitFor({ timeout: 20_000 });
  await input.fill(description);
  await input.press('Enter');
  const code = page.locator('#webchat pre code').first();
  for (let clicks = 0; clicks < 8; clicks += 1) {
    const answer = page.locator('#webchat .webchat__suggested-action').filter({ hasText: /^(No|Not sure)$/ }).first();
    await Promise.race([answer.waitFor({ timeout: 30_000 }), code.waitFor({ timeout: 30_000 })]);
    if (await code.isVisible()) break;
    const before = await page.locator('#webchat .webchat__bubble').count();
    await answer.click();
    await page.waitForFunction(`document.querySelectorAll('#webchat .webchat__bubble').length > ${before + 1}`, undefined, { timeout: 30_000 });
  }
  await code.waitFor({ timeout: 15_000 });
  await page.locator('#webchat .webchat__suggested-action', { hasText: 'Yes, it works' }).waitFor({ timeout: 15_000 });
}

// Runs in the browser (a string, since the project compiles without DOM types).
const READ_FIX = `(() => {
  const pre = document.querySelector('#webchat pre');
  const bubble = pre && pre.closest('.webchat__bubble__content');
  if (!bubble) throw new Error('no fix bubble');
  const lists = [...bubble.querySelectorAll('ol')];
  const items = lists.flatMap((ol) => [...ol.children].filter((li) => li.tagName === 'LI').map((li) => li.textContent || ''));
  const codes = [...bubble.querySelectorAll('pre')].map((p) => {
    const box = p.getBoundingClientRect();
    const overflowX = getComputedStyle(p).overflowX;
    return {
      text: ((p.querySelector('code') || {}).textContent || '').replace(/\\n$/, ''),
      fits: p.scrollWidth <= p.clientWidth,
      scrolls: overflowX === 'auto' || overflowX === 'scroll',
      insideViewport: box.left >= 0 && box.right <= document.documentElement.clientWidth,
    };
  });
  return { listCount: lists.length, listStart: lists[0] ? lists[0].getAttribute('start') : null, items, codes, bubbleText: bubble.textContent || '' };
})()`;

/** Reads the bubble holding the fix as the person sees it. */
export async function readShownFix(page: Page): Promise<ShownFix> {
  return page.evaluate<ShownFix>(READ_FIX);
}

/** Checks the shown fix against the knowledge: one list numbered from 1, a step per item, exact commands. */
export function expectReadableFix(shown: ShownFix, fixes: readonly Fix[]): Fix {
  // Web Chat's Markdown turns apostrophes in prose into typographic ones; commands are checked exactly below.
  const prose = shown.bubbleText.replace(/[\u2018\u2019]/g, "'").replace(/[\u201C\u201D]/g, '"');
  const fix = fixes.find((f) => prose.includes(f.title));
  if (!fix) throw new Error(`the shown fix matches no fix in the knowledge: ${shown.bubbleText.slice(0, 200)}`);
  const steps = [...fix.steps.filter((s) => !s.lastResort), ...fix.steps.filter((s) => s.lastResort)];
  expect(shown.listCount, 'one numbered list').toBe(1);
  expect(shown.listStart === null || shown.listStart === '1').toBe(true);
  expect(shown.items).toHaveLength(steps.length);
  steps.forEach((step, i) => {
    expect(shown.items[i]).toContain(`risk: ${step.risk}`);
    expect(shown.items[i]).toContain(step.admin ? 'needs admin rights' : 'no admin rights needed');
    // Commands written in prose (an undo) keep straight quotes, dashes and <placeholders>.
    if (step.undo) expect(shown.items[i]).toContain(step.undo);
  });
  expect(shown.bubbleText).toContain(fix.verify);
  expect(shown.codes.map((c) => c.text)).toEqual(steps.flatMap((s) => (s.command ? [s.command.code] : [])));
  for (const code of shown.codes) {
    expect(code.text).not.toMatch(/[\u2018\u2019\u201C\u201D]/);
    expect(code.fits || code.scrolls, `command visible or scrollable: ${code.text}`).toBe(true);
    expect(code.insideViewport, `command block inside the viewport: ${code.text}`).toBe(true);
  }
  return fix;
}

type AxeViolation = { id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> };

/** Runs axe-core in the page (evaluated, so the page's CSP stays on) and returns serious and critical violations. */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  const source = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(source);
  const violations = await page.evaluate<AxeViolation[]>(`axe.run(document, { resultTypes: ['violations'] }).then((result) => result.violations)`);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ ...v, nodes: v.nodes.slice(0, 3) }));
}
