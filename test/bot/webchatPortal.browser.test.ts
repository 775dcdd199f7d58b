import { mkdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../bot/loadKnowledge.ts';
import type { Fix } from '../../dialogs/diagnosis/knowledgeTypes.ts';
import { makeActivity, postJson, startTestBot, type TestBot } from '../helpers/botServer.ts';
import { hasChromium, launchBrowser } from '../helpers/browser.ts';
import { driveToFix, expectReadableFix, readShownFix, seriousA11yViolations } from '../helpers/webChatPage.ts';

const AGENT_TOKEN = 'portal-agent-token-0123456789';
const DESCRIPTION = '0x904 extended 0x7 on our azure vm';
const SHOTS = 'test-results';

/** The README's embed snippet, exactly as written there. */
async function readmeEmbedSnippet(): Promise<string> {
  const readme = await readFile('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## Web chat on the support portal'));
  const snippet = /```html\n([\s\S]*?)```/.exec(section)?.[1];
  if (!snippet) throw new Error('README has no embed snippet');
  return snippet;
}

describe.skipIf(!hasChromium)('support portal web chat in a real browser', () => {
  let bot: TestBot;
  let browser: Browser;
  let portal: Server;
  let portalUrl: string;
  let fixes: readonly Fix[];
  beforeAll(async () => {
    const snippet = await readmeEmbedSnippet();
    portal = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Contoso portal</title></head><body><main><h1>Contoso support</h1>${snippet.replaceAll('https://<bot-host>', bot.url)}</main></body></html>`);
    });
    portal.listen(0, '127.0.0.1');
    await once(portal, 'listening');
    // Another port is another origin: the chat reaches the bot only through CORS.
    portalUrl = `http://127.0.0.1:${(portal.address() as AddressInfo).port}`;
    bot = await startTestBot({ DIAGNOSIS_LEARNING: 'off', TYPING_DELAY_MS: '0', AGENT_TOKENS: `Ada:${AGENT_TOKEN}`, WEBCHAT_ALLOWED_ORIGINS: portalUrl, TOKEN_RATE_PER_MINUTE: '600' });
    browser = await launchBrowser();
    fixes = (await loadKnowledge()).knowledge.fixes;
    await mkdir(SHOTS, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await bot?.close();
    portal?.close();
  });

  async function open(width: number, height: number, url: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width, height }, ...(width < 500 ? { isMobile: true, hasTouch: true } : {}) });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|CORS/i.test(message.text())) errors.push(message.text());
    });
    await page.goto(url);
    return { context, page, errors };
  }

  /** Copies the first command with the keyboard only and returns what reached the clipboard. */
  async function copyFirstCommand(page: Page): Promise<string> {
    const button = page.locator('#webchat .rdp-copy').first();
    await expect(button.getAttribute('aria-label')).resolves.toMatch(/^Copy (PowerShell|Command Prompt|Bash|Command)$/);
    await button.focus();
    await page.keyboard.press('Enter');
    await page.locator('#webchat .rdp-sr', { hasText: 'Copied to the clipboard' }).waitFor({ state: 'attached', timeout: 5_000 });
    return page.evaluate<string>('navigator.clipboard.readText()');
  }

  for (const [width, height] of [[1280, 900], [390, 844]] as const) {
    it(`shows a usable fix at ${width} px: one numbered list, exact commands visible or scrollable, keyboard copy`, async () => {
      const { context, page, errors } = await open(width, height, bot.url);
      await driveToFix(page, DESCRIPTION);
      const fix = expectReadableFix(await readShownFix(page), fixes);
      const firstCommand = fix.steps.find((s) => s.command)?.command?.code;
      await page.locator('#webchat pre').first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/portal-${width}-fix.png` });
      await expect(copyFirstCommand(page)).resolves.toBe(firstCommand);
      await expect(page.locator('#webchat pre').first().getAttribute('tabindex')).resolves.toBe('0');

      const input = page.getByPlaceholder('Type your message');
      await input.focus();
      const header = await page.getByRole('banner').boundingBox();
      expect(header?.y, 'heading stays in view when the input has focus').toBe(0);
      await expect(page.evaluate<number>('window.scrollY')).resolves.toBe(0);
      await expect(page.locator('.privacy').isVisible()).resolves.toBe(true);
      await page.screenshot({ path: `${SHOTS}/portal-${width}-input-focused.png` });

      await page.reload();
      await page.getByText(DESCRIPTION).first().waitFor({ timeout: 20_000 });
      await page.locator('#webchat pre code').first().waitFor({ timeout: 20_000 });
      expect(await readShownFix(page)).toMatchObject({ listCount: 1 });
      await page.screenshot({ path: `${SHOTS}/portal-${width}-after-reload.png` });
      await expect(seriousA11yViolations(page)).resolves.toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    }, 150_000);
  }

  it('streams over a WebSocket: the typing indicator shows and nothing polls', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Typing shows for a moment only; record whether Web Chat ever rendered it.
    await context.addInitScript(`new MutationObserver(() => {
      if (document.querySelector('.webchat__typing-indicator')) window.typingSeen = true;
    }).observe(document, { subtree: true, childList: true });`);
    const page = await context.newPage();
    const polls: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'GET' && /\/activities/.test(request.url())) polls.push(request.url());
    });
    const typingFrames: string[] = [];
    const sockets: string[] = [];
    page.on('websocket', (socket) => {
      sockets.push(socket.url());
      socket.on('framereceived', ({ payload }) => {
        if (String(payload).includes('"type":"typing"')) typingFrames.push(String(payload));
      });
    });
    await page.goto(bot.url);
    const input = page.getByPlaceholder('Type your message');
    await input.waitFor({ timeout: 20_000 });
    await input.fill(DESCRIPTION);
    await input.press('Enter');
    await page.locator('#webchat .webchat__suggested-action').first().waitFor({ timeout: 15_000 });
    expect(sockets).toHaveLength(1);
    expect(sockets[0]).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/v3\/directline\/conversations\/[^/]+\/stream\?t=/);
    expect(typingFrames.length).toBeGreaterThan(0);
    await expect(page.evaluate<boolean>('window.typingSeen === true')).resolves.toBe(true);
    expect(polls).toEqual([]);
    await context.close();
  }, 60_000);

  it('resumes while waiting for the help desk: after a reload the place in the queue and the agent reach the person', async () => {
    const { context, page, errors } = await open(1280, 900, bot.url);
    const input = page.getByPlaceholder('Type your message');
    await input.waitFor({ timeout: 20_000 });
    await input.fill('rdp error 0x904, please connect me to a person');
    await input.press('Enter');
    await page.getByText(/in the queue/).first().waitFor({ timeout: 15_000 });
    await page.reload();
    await page.getByText(/in the queue/).first().waitFor({ timeout: 20_000 });
    const agent = { Authorization: `Bearer ${AGENT_TOKEN}`, 'Content-Type': 'application/json' };
    const queue = (await (await fetch(`${bot.url}/api/agent/conversations`, { headers: agent })).json()) as Array<{ id: string; status: string }>;
    const waiting = queue.filter((c) => c.status === 'queued').at(-1);
    if (!waiting) throw new Error('nobody is queued');
    expect((await fetch(`${bot.url}/api/agent/conversations/${waiting.id}/accept`, { method: 'POST', headers: agent })).status).toBe(200);
    const sent = await fetch(`${bot.url}/api/agent/conversations/${waiting.id}/messages`, { method: 'POST', headers: agent, body: JSON.stringify({ text: 'Hello, Ada here; I can see your diagnosis.' }) });
    expect(sent.status).toBe(200);
    await page.getByText('Hello, Ada here; I can see your diagnosis.').first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: `${SHOTS}/portal-handoff-after-reload.png` });
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it("embeds on another origin through CORS, following the README's snippet as written", async () => {
    const { context, page, errors } = await open(1280, 900, portalUrl);
    await driveToFix(page, DESCRIPTION);
    expectReadableFix(await readShownFix(page), fixes);
    await page.screenshot({ path: `${SHOTS}/embed-other-origin.png` });
    await page.reload();
    await page.getByText(DESCRIPTION).first().waitFor({ timeout: 20_000 });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('has no serious or critical accessibility violations on the agent desk', async () => {
    const context = await browser.newContext({ httpCredentials: { username: 'Ada', password: AGENT_TOKEN }, viewport: { width: 1280, height: 900 } });
    await postJson(bot.messagesUrl, makeActivity({ conversation: { id: 'axe-case' }, deliveryMode: 'expectReplies', text: 'rdp error 0x904, please connect me to a person' }));
    const page = await context.newPage();
    await page.goto(`${bot.url}/agent`);
    await page.locator('#queue button.case').first().click({ timeout: 15_000 });
    await page.getByText(/Error codes: 0x904/).first().waitFor({ timeout: 10_000 });
    await page.screenshot({ path: `${SHOTS}/agent-desk-axe.png` });
    await expect(seriousA11yViolations(page)).resolves.toEqual([]);
    await context.close();
  }, 60_000);
});
