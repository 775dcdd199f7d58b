// npm run bench:turn [-- conversations] [--rounds 3] [--people]: CPU cost of a turn through the full assistant (turn pipeline,
// dialog, diagnosis engine) against a bare botbuilder echo bot on the same adapter and storage kind, with
// section 1's two echo controls (the echo as a botbuilder-dialogs dialog, the echo with the engine), the bots
// alternated round by round. In process, expectReplies (no outbound HTTP), so it measures the bot, not the
// network or the load generator.
import { parseArgs } from 'node:util';
import type { Activity } from 'botbuilder';
import { createApp } from '../bot/app.ts';
import { loadConfig } from '../bot/config.ts';
import { loadKnowledge } from '../bot/loadKnowledge.ts';
import { createLogger } from '../bot/logger.ts';
import { createStorage } from '../bot/storage/createStorage.ts';
import { createDiagnoser } from '../dialogs/diagnosis/diagnoser.ts';
import { createEchoBot, type EchoBot } from './echoBot.ts';
import { createEchoDialogBot } from './echoDialogBot.ts';
import { conversationScripts } from './traffic.ts';
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

/** A bot's ms per turn over its rounds: every turn after each round's warm-up, ascending. */
export type TurnTimes = { name: string; times: number[] };

/**
 * Plays `rounds` rounds; in each, every bot (in turn, the order rotating) plays `conversations` new
 * conversations (the scripts in turn; a round's own slice of them when there are enough for every round),
 * the first tenth of them a warm-up. A bot's times are all its rounds' turns
 * after the warm-up, ascending: alternating the bots keeps a host's drift out of their comparison.
 */
export async function timeBots(bots: ReadonlyArray<{ name: string; run: Run }>, scripts: readonly string[][], conversations: number, rounds: number, onRound?: (round: number) => void): Promise<TurnTimes[]> {
  const times = bots.map(() => [] as number[]);
  // Enough scripts give each round its own people (what the engine remembers is then only what different people share).
  const ofRound = (round: number): readonly string[][] => (scripts.length >= conversations * rounds ? scripts.slice(round * conversations, (round + 1) * conversations) : scripts);
  for (let round = 0; round < rounds; round += 1) {
    for (let i = 0; i < bots.length; i += 1) {
      const at = (i + round) % bots.length;
      const bot = bots[at];
      if (!bot) continue;
      times[at]?.push(...(await timeConversations(bot.run, ofRound(round), conversations, `${bot.name}-r${round}`, conversations / 10)));
    }
    onRound?.(round + 1);
  }
  return bots.map((bot, i) => ({ name: bot.name, times: (times[i] ?? []).sort((a, b) => a - b) }));
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { rounds: { type: 'string', default: '3' }, people: { type: 'boolean', default: false } } });
  const conversations = Number(positionals[0] ?? 300);
  const rounds = Number(values.rounds);
  const config = loadConfig({ STORAGE: 'memory', LOG_LEVEL: 'silent', DIAGNOSIS_LEARNING: 'on' });
  const logger = createLogger('silent');
  const knowledge = await loadKnowledge();
  const echo = createEchoBot(config, logger);
  const dialog = await createEchoDialogBot(config, logger);
  const engine = createEchoBot(config, logger, createDiagnoser(knowledge.knowledge));
  const app = createApp({ config, logger, storage: await createStorage(config, () => undefined), knowledge });
  // The assistant's App has the echo bots' adapter and turn.
  const runOf = (bot: EchoBot): Run => (a) => bot.adapter.handleActivity('', a, bot.runTurn);
  const bots = [
    { name: 'bare botbuilder echo', run: runOf(echo) },
    { name: 'echo as a dialog', run: runOf(dialog) },
    { name: 'echo with the engine', run: runOf(engine) },
    { name: 'rdp assistant', run: runOf(app) },
  ];
  const stats = (times: number[]): string => {
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
    return `mean ${mean(times).toFixed(3)}  p50 ${at(0.5).toFixed(3)}  p99 ${at(0.99).toFixed(3)}`;
  };
  // One script for every conversation, or the HTTP benchmark's simulated people (--people): distinct descriptions and answers.
  const scripts = values.people ? conversationScripts(knowledge.knowledge, conversations * rounds) : [SCRIPT];
  const traffic = values.people ? `${conversations} simulated people (as section 1 of npm run bench; new ones each round)` : `${conversations} conversations × ${SCRIPT.length} turns (one script)`;
  console.log(`turn cost in process, ${traffic} per bot and round, ${rounds} rounds, the bots alternated (first 10% of each round warm-up), ms per turn`);
  const measured = await timeBots(bots, scripts, conversations, rounds, (r) => process.stderr.write(`\r  round ${r}/${rounds}${r === rounds ? '\n' : ''}`));
  for (const { name, times } of measured) console.log(`${name.padEnd(22)} ${stats(times)}`);
  const [bare, asDialog, withEngine, ours] = measured.map((m) => mean(m.times)) as [number, number, number, number];
  console.log(`overhead per turn ${(ours - bare).toFixed(3)} ms (${(ours / bare).toFixed(2)}x)`);
  console.log(
    `over the echo: as a dialog ${(asDialog - bare).toFixed(3)} ms, with the engine ${(withEngine - bare).toFixed(3)} ms; ` +
      `the assistant's rest ${(ours - asDialog - (withEngine - bare)).toFixed(3)} ms (the assistant less both controls' parts; both pay a state's load and save)`,
  );
}
