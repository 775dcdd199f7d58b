import nock from 'nock';
import { type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../helpers/botServer.ts';
import { fakeAzureDirectLine } from '../helpers/fakeAzureDirectLine.ts';
import { hasChromium, launchBrowser } from '../helpers/browser.ts';


describe.skipIf(!hasChromium)('web chat page against Azure Direct Line (simulated)', () => {
  let bot: TestBot;
  let browser: Browser;
  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    bot = await startTestBot({ DIRECT_LINE_SECRET: 'azure-secret-for-browser-test' });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await bot?.close();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('talks over the WebSocket stream (no polling) and resumes the conversation with its history after a reload', async () => {
    const azure = nock('https://directline.botframework.com');
    azure.post('/v3/directline/tokens/generate').reply(200, { conversationId: 'conv-az', token: 'token-1', expires_in: 1800 });
    azure.post('/v3/directline/tokens/refresh').matchHeader('authorization', 'Bearer token-1').reply(200, { conversationId: 'conv-az', token: 'token-1', expires_in: 1800 });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const log = await fakeAzureDirectLine(context, 'conv-az', 'token-1');
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) errors.push(message.text());
    });
    await page.goto(bot.url);
    await page.getByText('Hi from the bot on Azure.').first().waitFor({ timeout: 20_000 });
    const input = page.getByPlaceholder('Type your message');
    await input.fill('my pc says 0x204');
    await input.press('Enter');
    await page.getByText('You said: my pc says 0x204').first().waitFor({ timeout: 15_000 });
    expect(log.streams).toHaveLength(1);
    expect(log.calls.filter((call) => call.startsWith('GET') && call.endsWith('/activities'))).toEqual([]);

    await page.reload();
    await page.getByText('You said: my pc says 0x204').first().waitFor({ timeout: 20_000 });
    await input.fill('still failing');
    await input.press('Enter');
    await page.getByText('You said: still failing').first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: 'test-results/azure-resumed.png' });
    expect(log.calls).toContain('GET /v3/directline/conversations/conv-az');
    expect(log.streams).toHaveLength(2);
    expect(azure.isDone()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);
});
