import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../helpers/botServer.ts';

/**
 * Every held-out paraphrase set in test/scenarios (each written from the knowledge scope alone by someone who had not
 * read the code, committed unchanged; README.md there says who wrote each, when, and what it measured before it was
 * read) and the shared dev set, run by botsim — the external client the product is judged with — against the real
 * server on port 0, over the Bot Framework protocol in callback mode. A run is mostly botsim waiting for the bot to
 * fall quiet after each turn, so the sets run side by side (vitest's maxConcurrency, 5).
 */
const BOTSIM = path.resolve('../shared/botsim/botsim.mjs');
const DEV = path.resolve('../shared/scenarios/dev.json');
const SCENARIO_DIR = path.resolve('test/scenarios');
const HELD_OUT_PASS_RATE = 0.95;
/**
 * Sets held to a floor below HELD_OUT_PASS_RATE, and why: they measure a gap the knowledge cannot close without a
 * source (README.md there). Each floor is the set's pass rate measured on the release made from it, and may only rise.
 */
const FLOORS: Readonly<Record<string, number>> = {
  // Dialogs from a Windows in another language that no source quotes yet (release 2026.12.14: 42 of 48 on every channel).
  'localized.json': 42 / 48,
};
const SETS: Array<{ file: string; minimum: number }> = [
  ...readdirSync(SCENARIO_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ file: path.join(SCENARIO_DIR, name), minimum: FLOORS[name] ?? HELD_OUT_PASS_RATE })),
  { file: DEV, minimum: 1 },
];

const hasBotsim = existsSync(BOTSIM);
if (!hasBotsim) console.warn(`\n*** SKIPPING the botsim scenario runs: ${BOTSIM} is missing (it lives next to the repository, in ../shared). ***\n`);

type Report = { scenarios: Array<{ id: string; passed: boolean; reason: string }> };

describe.skipIf(!hasBotsim)('scenario sets through botsim', () => {
  let bot: TestBot;
  let dir: string;
  beforeAll(async () => {
    bot = await startTestBot({ DIAGNOSIS_LEARNING: 'off', LOG_LEVEL: 'silent' });
    dir = mkdtempSync(path.join(tmpdir(), 'botsim-'));
  });
  afterAll(async () => {
    await bot.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const channel of ['emulator', 'webchat'] as const) {
    it.concurrent.each(SETS.filter((s) => existsSync(s.file)))(`passes $file on ${channel}`, async ({ file, minimum }) => {
      const out = path.join(dir, `${path.basename(file)}-${channel}.json`);
      // A generous quiet period: on a busy CI machine a slow reply must not be read as no reply.
      const args = [BOTSIM, 'run', '--url', bot.messagesUrl, '--scenarios', file, '--mode', 'callback', '--channel', channel, '--quiet-ms', '400', '--timeout-ms', '20000', '--json', out];
      // botsim exits 1 when a scenario fails; the report says which, and the pass rate is what is asserted.
      await promisify(execFile)(process.execPath, args, { maxBuffer: 32 * 1024 * 1024 }).catch((error: { code?: number }) => {
        if (error.code !== 1) throw error;
      });
      const report = JSON.parse(readFileSync(out, 'utf8')) as Report;
      const failed = report.scenarios.filter((s) => !s.passed).map((s) => `${s.id}: ${s.reason}`);
      const rate = 1 - failed.length / report.scenarios.length;
      expect(rate, `pass rate ${(100 * rate).toFixed(1)}%; failed:\n${failed.join('\n')}`).toBeGreaterThanOrEqual(minimum);
    }, 600_000);
  }
});
