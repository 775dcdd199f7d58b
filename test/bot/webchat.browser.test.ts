import { mkdir } from 'node:fs/promises';
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../helpers/botServer.ts';
import { CHROMIUM, hasChromium, launchBrowser } from '../helpers/browser.ts';

const AGENT_TOKEN = 'browser-agent-token-0123456789';
if (!hasChromium) {
  console.warn(`\n*** SKIPPING the web chat browser test: ${CHROMIUM} is missing. Install Debian's "chromium" package (apt-get install chromium); .ci/run does. ***\n`);
}

describe.skipIf(!hasChromium)('web chat page in a real browser', () => {
  let bot: TestBot;
  let browser: Browser;
  beforeAll(async () => {
    bot = await startTestBot({ DIAGNOSIS_LEARNING: 'off', TYPING_DELAY_MS: '5000', AGENT_TOKENS: `Ada:${AGENT_TOKEN}` });
    browser = await launchBrowser();
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
    await expect(page.getByText(/(Most likely|Possible) cause/).first().isVisible()).resolves.toBe(true);
    await page.locator('#webchat .webchat__suggested-action', { hasText: 'Yes, it works' }).waitFor({ timeout: 15_000 });
    await mkdir('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/webchat.png', fullPage: true });
    expect(errors).toEqual([]);
  }, 90_000);

  it('lets an agent take over a conversation started in the web chat page', async () => {
    const userPage = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await userPage.goto(bot.url);
    const input = userPage.getByPlaceholder('Type your message');
    await input.waitFor({ timeout: 20_000 });
    await input.fill('rdp error 0x904, please connect me to a person');
    await input.press('Enter');
    await userPage.getByText(/number 1 in the queue/).first().waitFor({ timeout: 15_000 });

    const agentContext = await browser.newContext({ httpCredentials: { username: 'Ada', password: AGENT_TOKEN }, viewport: { width: 1200, height: 900 } });
    const agentPage = await agentContext.newPage();
    await agentPage.goto(`${bot.url}/agent`);
    await agentPage.locator('#queue button.case').first().click({ timeout: 15_000 });
    await agentPage.getByText(/Error codes: 0x904/).first().waitFor({ timeout: 10_000 });
    await agentPage.getByRole('button', { name: 'Accept' }).click();
    await userPage.getByText(/Ada from the help desk has joined/).first().waitFor({ timeout: 15_000 });

    await agentPage.getByLabel('Message').fill('Hi, I can see the diagnosis. Is the VM running?');
    await agentPage.getByRole('button', { name: 'Send' }).click();
    await userPage.getByText(/Is the VM running\?/).first().waitFor({ timeout: 15_000 });
    await input.fill('yes it is running');
    await input.press('Enter');
    await agentPage.locator('#chat').getByText('yes it is running').first().waitFor({ timeout: 15_000 });

    await mkdir('test-results', { recursive: true });
    await agentPage.screenshot({ path: 'test-results/agent-desk.png', fullPage: true });
    await agentPage.getByLabel('Cause found').selectOption('corrupt-machinekeys');
    await agentPage.getByRole('button', { name: 'End chat' }).click();
    await userPage.getByText(/has left the chat/).first().waitFor({ timeout: 15_000 });
    await userPage.locator('#webchat .webchat__suggested-action', { hasText: 'Yes, it works' }).waitFor({ timeout: 15_000 });
    await userPage.screenshot({ path: 'test-results/webchat-handoff.png', fullPage: true });
    await agentContext.close();
  }, 120_000);
});
