// npm run bench:turn [-- conversations]: CPU cost of a turn through the full assistant (turn pipeline,
// dialog, diagnosis engine) against a bare botbuilder echo bot on the same adapter and storage kind.
// In process, expectReplies (no outbound HTTP), so it measures the bot, not the network.
import type { Activity } from 'botbuilder';
import { createApp } from '../bot/app.ts';
import { loadConfig } from '../bot/config.ts';
import { loadKnowledge } from '../bot/loadKnowledge.ts';
import { createLogger } from '../bot/logger.ts';
import { createStorage } from '../bot/storage/createStorage.ts';
import { createEchoBot } from './echoBot.ts';
import { userActivity } from './httpLoad.ts';

const SCRIPT = ['rdp error 0x904 extended 0x7', 'no', 'no', 'yes, that fixed it', 'thanks'];

type Run = (activity: Activity) => Promise<unknown>;

/**
 * Runs `count` conversations (scripts reused in turn) one turn at a time; the ms of every turn after the
 * first `skip` conversations (JIT warm-up), ascending.
 */
export async function timeConversations(run: Run, scripts: readonly string[][], count: number, idPrefix: string, skip = 0, onConversation?: (n: number) => void): Promise<number[]> {
  const times: number[] = [];
  for (let c = 0; c < count; c += 1) {
    for (const [t, text] of (scripts[c % scripts.length] ?? []).entries()) {
      const activity = { ...userActivity(`${idPrefix}-${c}`, t, text), timestamp: new Date() } as unknown as Activity;
      const started = performance.now();
      await run(activity);
      if (c >= skip) times.push(performance.now() - started);
    }
    onConversation?.(c + 1);
  }
  return times.sort((a, b) => a - b);
}

export const mean = (times: readonly number[]): number => times.reduce((a, b) => a + b, 0) / Math.max(1, times.length);

if (import.meta.main) {
  const conversations = Number(process.argv[2] ?? 300);
  const config = loadConfig({ STORAGE: 'memory', LOG_LEVEL: 'silent', DIAGNOSIS_LEARNING: 'on' });
  const logger = createLogger('silent');
  const echo = createEchoBot(config, logger);
  const app = createApp({ config, logger, storage: await createStorage(config, () => undefined), knowledge: await loadKnowledge() });
  const progress = (name: string) => (c: number) => {
    if (c % 100 === 0 || c === conversations) process.stderr.write(`\r  ${name}: ${c}/${conversations} conversations${c === conversations ? '\n' : ''}`);
  };
  const stats = (times: number[]): string => {
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
    return `mean ${mean(times).toFixed(3)}  p50 ${at(0.5).toFixed(3)}  p99 ${at(0.99).toFixed(3)}`;
  };
  console.log(`turn cost, ${conversations} conversations × ${SCRIPT.length} turns (first 10% warm-up), ms per turn`);
  const bareTimes = await timeConversations((a) => echo.adapter.handleActivity('', a, echo.runTurn), [SCRIPT], conversations, 'bare', conversations / 10, progress('bare botbuilder'));
  const oursTimes = await timeConversations((a) => app.adapter.handleActivity('', a, app.runTurn), [SCRIPT], conversations, 'bench', conversations / 10, progress('assistant'));
  console.log(`bare botbuilder echo   ${stats(bareTimes)}`);
  console.log(`rdp assistant          ${stats(oursTimes)}`);
  console.log(`overhead per turn ${(mean(oursTimes) - mean(bareTimes)).toFixed(3)} ms (${(mean(oursTimes) / mean(bareTimes)).toFixed(2)}x)`);
}
