// npm run bench:turn [-- conversations]: CPU cost of a turn through the full assistant (turn pipeline,
// dialog, diagnosis engine) against a bare botbuilder echo bot on the same adapter and storage kind.
// In process, expectReplies (no outbound HTTP), so it measures the bot, not the network.
import { ActivityHandler, ConversationState, MemoryStorage, type Activity, type TurnContext } from 'botbuilder';
import { createAdapter } from '../bot/adapter.ts';
import { createApp } from '../bot/app.ts';
import { loadConfig } from '../bot/config.ts';
import { loadKnowledge } from '../bot/loadKnowledge.ts';
import { createLogger } from '../bot/logger.ts';
import { createStorage } from '../bot/storage/createStorage.ts';

const CONVERSATIONS = Number(process.argv[2] ?? 300);
const SCRIPT = ['rdp error 0x904 extended 0x7', 'no', 'no', 'yes, that fixed it', 'thanks'];

const config = loadConfig({ STORAGE: 'memory', LOG_LEVEL: 'silent', DIAGNOSIS_LEARNING: 'on' });
const logger = createLogger('silent');

function activity(conversation: number, turn: number, text: string): Activity {
  return {
    type: 'message',
    id: `${conversation}-${turn}`,
    text,
    channelId: 'emulator',
    serviceUrl: 'http://127.0.0.1:9/',
    deliveryMode: 'expectReplies',
    conversation: { id: `bench-${conversation}` },
    from: { id: `user-${conversation}` },
    recipient: { id: 'bot' },
    timestamp: new Date(),
  } as unknown as Activity;
}

type Run = (activity: Activity) => Promise<unknown>;

async function measure(name: string, run: Run): Promise<number[]> {
  const times: number[] = [];
  for (let c = 0; c < CONVERSATIONS; c += 1) {
    for (const [t, text] of SCRIPT.entries()) {
      const started = performance.now();
      await run(activity(c, t, text));
      if (c >= CONVERSATIONS / 10) times.push(performance.now() - started);
    }
    if (c % 100 === 0) process.stderr.write(`\r  ${name}: ${c}/${CONVERSATIONS} conversations`);
  }
  process.stderr.write('\n');
  return times.sort((a, b) => a - b);
}

const stats = (times: number[]): string => {
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return `mean ${mean.toFixed(3)}  p50 ${at(0.5).toFixed(3)}  p99 ${at(0.99).toFixed(3)}`;
};

// Bare botbuilder: same adapter construction, ConversationState on MemoryStorage, one echo reply.
const bareStorage = new MemoryStorage();
const bareState = new ConversationState(bareStorage);
const bareAdapter = createAdapter(config, logger, bareState, { kept: 'error', reset: 'error' });
const bare = new ActivityHandler();
bare.onMessage(async (context, next) => {
  await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
  await next();
});
const bareTurn = async (context: TurnContext): Promise<void> => {
  await bare.run(context);
  await bareState.saveChanges(context);
};

const app = createApp({ config, logger, storage: await createStorage(config, () => undefined), knowledge: await loadKnowledge() });

console.log(`turn cost, ${CONVERSATIONS} conversations × ${SCRIPT.length} turns (first 10% warm-up), ms per turn`);
const bareTimes = await measure('bare botbuilder', (a) => bareAdapter.handleActivity('', a, bareTurn));
const oursTimes = await measure('assistant', (a) => app.adapter.handleActivity('', a, app.runTurn));
console.log(`bare botbuilder echo   ${stats(bareTimes)}`);
console.log(`rdp assistant          ${stats(oursTimes)}`);
const mean = (t: number[]) => t.reduce((a, b) => a + b, 0) / t.length;
console.log(`overhead per turn ${(mean(oursTimes) - mean(bareTimes)).toFixed(3)} ms (${(mean(oursTimes) / mean(bareTimes)).toFixed(2)}x)`);
