import { createServer } from 'node:http';
import { once } from 'node:events';
import { chromium } from 'playwright-core';
import { startTestBot } from '../test/helpers/botServer.ts';
const portal = createServer((_q, r) => { r.writeHead(200, {'content-type':'text/html'}); r.end(`<!doctype html><html><body><div id="webchat" style="height: 600px"></div>
<script src="${bot.url}/webchat/webchat.js"></script>
<script src="${bot.url}/webchat/embed.js"></script>
<script>RdpAssistant.start(document.getElementById('webchat'));</script></body></html>`); });
portal.listen(0, '127.0.0.1'); await once(portal, 'listening');
const purl = `http://127.0.0.1:${(portal.address() as any).port}`;
const bot = await startTestBot({ WEBCHAT_ALLOWED_ORIGINS: purl, TYPING_DELAY_MS: '0' });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
const page = await browser.newPage();
page.on('console', (m) => console.log('console', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror', e.message));
page.on('requestfailed', (r) => console.log('failed', r.url(), r.failure()?.errorText));
page.on('response', (r) => console.log('resp', r.status(), r.url().slice(0, 100)));
await page.goto(purl);
await page.waitForTimeout(4000);
await page.screenshot({ path: '.tmp/embed.png' });
await browser.close(); await bot.close(); portal.close();
