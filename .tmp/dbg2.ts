import { chromium } from 'playwright-core';
import { startTestBot } from '../test/helpers/botServer.ts';
import { driveToFix } from '../test/helpers/webChatPage.ts';
const bot = await startTestBot({ TYPING_DELAY_MS: '0' });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
await page.goto(bot.url);
await driveToFix(page, '0x904 extended 0x7 on our azure vm');
console.log(await page.evaluate(() => {
  const pre = document.querySelector('#webchat pre')!;
  const cs = getComputedStyle(pre);
  const chain = [];
  for (let e: Element | null = pre; e && e.id !== 'webchat'; e = e.parentElement) chain.push(`${e.tagName}.${[...e.classList].join('.')} w=${e.clientWidth} sw=${e.scrollWidth} ox=${getComputedStyle(e).overflowX} ws=${getComputedStyle(e).whiteSpace}`);
  return { ox: cs.overflowX, ws: cs.whiteSpace, chain, style: document.getElementById('rdp-assistant-style')?.textContent?.slice(0, 100) };
}));
await page.screenshot({ path: '.tmp/fix390.png', fullPage: false });
await browser.close(); await bot.close();
