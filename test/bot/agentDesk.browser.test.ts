import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_URL, makeActivity, postJson, startTestBot, type TestBot } from '../helpers/botServer.ts';
import { hasChromium, launchBrowser } from '../helpers/browser.ts';
import { fakeConnector, loopbackOnly } from '../helpers/connector.ts';
import { AGENT_ROLE, OIDC_CLIENT, startOidcProvider, type TestOidcProvider } from '../helpers/oidcProvider.ts';

const CHANNEL = CHANNEL_URL;

async function say(bot: TestBot, conversation: string, text: string): Promise<void> {
  expect((await postJson(bot.messagesUrl, makeActivity({ conversation: { id: conversation }, serviceUrl: `${CHANNEL}/`, text }))).status).toBe(200);
}

/** Goes to the desk and through the provider's login and consent pages as `login`. */
async function signIn(page: Page, bot: TestBot, login: string): Promise<void> {
  await page.goto(`${bot.url}/agent`);
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

describe.skipIf(!hasChromium)('agent desk in a real browser with Entra-style sign-in', () => {
  let bot: TestBot;
  let provider: TestOidcProvider;
  let browser: Browser;
  loopbackOnly();
  beforeAll(async () => {
    fakeConnector(CHANNEL);
    provider = await startOidcProvider();
    bot = await startTestBot({ OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: OIDC_CLIENT.id, OIDC_CLIENT_SECRET: OIDC_CLIENT.secret, OIDC_AGENT_ROLE: AGENT_ROLE, TYPING_DELAY_MS: '5000' });
    provider.register(`${bot.url}/agent/auth/callback`);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await bot?.close();
    await provider?.close();
  });

  it('signs an agent in through OpenID Connect, updates the queue live and renders the transcript', async () => {
    await say(bot, 'desk-b-1', 'remote desktop says I need the right to sign in through remote desktop services on my laptop only. **bold** <img src=x onerror=alert(1)>');
    await say(bot, 'desk-b-1', 'no, still failing');
    await say(bot, 'desk-b-1', 'I want to talk to a person');
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('dialog', (dialog) => errors.push(`dialog: ${dialog.message()}`));
    await signIn(page, bot, 'ada');
    await page.getByText('Signed in as Ada Lovelace').waitFor({ timeout: 15_000 });
    await page.locator('#queue button.case').first().waitFor();
    await page.screenshot({ path: 'test-results/desk-signed-in.png', fullPage: true });

    // Live: a second person queues while the page is open; no reload.
    await say(bot, 'desk-b-2', 'rdp error 0x904 extended 0x7, get me a human');
    await expect.poll(() => page.locator('#queue button.case').count(), { timeout: 10_000 }).toBe(2);
    await expect(page.locator('#stats').textContent()).resolves.toMatch(/^2 waiting · longest/);
    await page.screenshot({ path: 'test-results/desk-live-update.png', fullPage: true });

    // Keyboard: focus the first case, Enter opens it.
    await page.locator('#queue button.case').first().focus();
    await page.keyboard.press('Enter');
    await page.locator('#chat pre code, #chat code').first().waitFor({ timeout: 10_000 });
    await expect(page.locator('#chat strong', { hasText: 'bold' }).count()).resolves.toBeGreaterThan(0);
    await expect(page.locator('#chat img').count()).resolves.toBe(0);
    await expect(page.locator('#chat').textContent()).resolves.toContain('<img src=x onerror=alert(1)>');
    await page.screenshot({ path: 'test-results/desk-transcript.png', fullPage: true });

    // Signing out ends the desk session (the provider's own single sign-on may sign the agent straight back in).
    const session = (await page.context().cookies(bot.url)).find((c) => c.name === 'desk_session');
    const withOldCookie = () => fetch(`${bot.url}/api/agent/conversations`, { headers: { cookie: `desk_session=${session?.value ?? ''}` } });
    expect((await withOldCookie()).status).toBe(200);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(async () => (await withOldCookie()).status, { timeout: 10_000 }).toBe(401);
    expect(errors).toEqual([]);
  }, 90_000);

  it('refuses a signed-in user without the agent role', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signIn(page, bot, 'mallory');
    await page.getByText('your account is not an agent on this desk').waitFor({ timeout: 10_000 });
    const api = await page.request.get(`${bot.url}/api/agent/conversations`);
    expect(api.status()).toBe(401);
    await context.close();
  }, 60_000);
});
