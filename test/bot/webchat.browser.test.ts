import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../helpers/botServer.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(`\n*** SKIPPING the web chat browser test: ${CHROMIUM} is missing. Install Debian's "chromium" package (apt-get install chromium); .ci/run does. ***\n`);
}

/** Flags for a headless Chromium on a machine without outside network (no background calls to Google). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe.skipIf(!hasChromium)('web chat page in a real browser', () => {
  let bot: TestBot;
  let browser: Browser;
  beforeAll(async () => {
    bot = await startTestBot({ DIAGNOSIS_LEARNING: 'off', TYPING_DELAY_MS: '5000' });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await bot?.close();
  });

  it('greets, takes a description, offers clickable answers and shows a fix with a command block', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(bot.url);
    await expect(page.title()).resolves.toMatch(/Remote Desktop help/);
    const input = page.getByPlaceholder('Type your message');
    await input.waitFor({ timeout: 20_000 });
    await page.getByText(/Remote Desktop troubleshooting assistant/).first().waitFor({ timeout: 20_000 });
    await input.fill('0x904 extended 0x7 on our azure vm');
    await input.press('Enter');
    const codeBlock = page.locator('#webchat pre code').first();
    for (let clicks = 0; clicks < 6 && !(await codeBlock.isVisible()); clicks += 1) {
      const answer = page.locator('#webchat .webchat__suggested-action').filter({ hasText: /^(No|Not sure)$/ }).first();
      await Promise.race([answer.waitFor({ timeout: 15_000 }), codeBlock.waitFor({ timeout: 15_000 })]);
      if (await codeBlock.isVisible()) break;
      await answer.click();
      await page.waitForTimeout(300);
    }
    await codeBlock.waitFor({ timeout: 15_000 });
    expect((await codeBlock.textContent())?.length ?? 0).toBeGreaterThan(5);
    await expect(page.getByText(/Most likely cause/).first().isVisible()).resolves.toBe(true);
    await page.locator('#webchat .webchat__suggested-action', { hasText: 'Yes, it works' }).waitFor({ timeout: 15_000 });
    await mkdir('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/webchat.png', fullPage: true });
    expect(errors).toEqual([]);
  }, 90_000);
});
