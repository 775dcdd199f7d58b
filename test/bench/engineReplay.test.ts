import { describe, expect, it } from 'vitest';
import { replayEngine } from '../../bench/decisionTiming.ts';
import { conversationScripts } from '../../bench/traffic.ts';
import { loadKnowledge } from '../../bot/loadKnowledge.ts';

describe("section 5's replay of the engine", () => {
  it('plays back to back, idle, idle, back to back, waiting before every message of the idle passes only, and averages per message without the waits', async () => {
    const { knowledge } = await loadKnowledge();
    const scripts = conversationScripts(knowledge, 6);
    const messages = scripts.reduce((sum, texts) => sum + texts.length, 0);
    // A clock that moves one unit per reading, and a thousand during a wait: each transition takes exactly 1.
    let clock = 0;
    const events: string[] = [];
    const replay = await replayEngine(knowledge, scripts, {
      idleMs: 7,
      now: () => (clock += 1),
      sleep: async (ms) => {
        events.push(`wait ${ms}`);
        clock += 1000;
      },
      progress: (line) => events.push(line),
    });
    expect(replay).toEqual({ conversations: scripts.length, messages, backToBackMs: 1, afterIdleMs: 1, idleMs: 7 });
    const waits = Array.from({ length: messages }, () => 'wait 7');
    expect(events).toEqual([
      'engine replay, pass 1/4: back to back',
      'engine replay, pass 2/4: idle',
      ...waits,
      'engine replay, pass 3/4: idle',
      ...waits,
      'engine replay, pass 4/4: back to back',
    ]);
  });
});
