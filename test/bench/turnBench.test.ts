import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { timeBots } from '../../bench/turnBench.ts';
import { runScript } from '../helpers/benchScript.ts';

describe('bench:turn', () => {
  it('alternates the bots round by round, gives each round its own people when there are enough, and leaves out each round\'s warm-up', async () => {
    const played: Array<{ bot: string; conversation: string; text: string | undefined }> = [];
    const bot = (name: string) => ({ name, run: async (activity: Activity) => void played.push({ bot: name, conversation: activity.conversation.id, text: activity.text }) });
    const scripts = Array.from({ length: 30 }, (_, person) => [`person ${person} says hello`, 'no']);
    const measured = await timeBots([bot('a'), bot('b'), bot('c')], scripts, 10, 3);
    // Round r starts with bot r: a b c, b c a, c a b (each bot plays its round's ten conversations of two turns in a row).
    const order = played.filter((_, i) => i % 20 === 0).map((p) => p.bot);
    expect(order).toEqual(['a', 'b', 'c', 'b', 'c', 'a', 'c', 'a', 'b']);
    // Every bot met the same people, each round new ones: people 0–9, then 10–19, then 20–29.
    for (const name of ['a', 'b', 'c']) {
      const openings = played.filter((p) => p.bot === name && p.text?.endsWith('hello')).map((p) => p.text);
      expect(openings).toEqual(scripts.map((s) => s[0]));
    }
    // Conversations are new in every round (their ids carry the bot and the round).
    expect(new Set(played.map((p) => p.conversation)).size).toBe(3 * 3 * 10);
    // The first tenth of a round's conversations is warm-up: one of ten, so 9 conversations of 2 turns in each of 3 rounds.
    for (const m of measured) expect(m.times).toHaveLength(3 * 9 * 2);
    // Too few scripts for every round: each round plays them from the start.
    played.length = 0;
    await timeBots([bot('a')], scripts.slice(0, 2), 2, 2);
    expect(played.filter((p) => p.text?.endsWith('hello')).map((p) => p.text)).toEqual([scripts[0]?.[0], scripts[1]?.[0], scripts[0]?.[0], scripts[1]?.[0]]);
  });

  it('prints the four bots and the parts of the overhead', { timeout: 120_000 }, async () => {
    const stdout = await runScript(['bench/turnBench.ts', '10', '--rounds', '1', '--people']);
    for (const name of ['bare botbuilder echo', 'echo as a dialog', 'echo with the engine', 'rdp assistant']) expect(stdout).toMatch(new RegExp(`^${name} +mean \\d+\\.\\d{3}  p50 \\d+\\.\\d{3}  p99 \\d+\\.\\d{3}$`, 'm'));
    expect(stdout).toMatch(/^overhead per turn -?\d+\.\d{3} ms \(\d+\.\d{2}x\)$/m);
    expect(stdout).toMatch(/^over the echo: as a dialog -?\d+\.\d{3} ms, with the engine -?\d+\.\d{3} ms; the assistant's rest -?\d+\.\d{3} ms/m);
  });
});
