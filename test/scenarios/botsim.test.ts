import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../helpers/botServer.ts';

/**
 * The held-out paraphrase sets (people.json, forum.json, chat.json, forum-posts.json, mixed.json, chat-personas.json,
 * forum-reports.json, simulated.json, tickets.json, walkins.json, teams.json, threads.json, replies.json, homeoffice.json, nocodes.json, behalf.json, tried.json, clients.json, typos.json, pieces.json, admins.json, lookalikes.json, recent.json, secondlang.json, oneliners.json, machines.json, moods.json, farms.json, timing.json, diagnostics.json, emails.json, phone.json, qna.json, reddit.json, misnamed.json, screenshots.json, unsure.json, sites.json, contrasts.json, wrongblame.json, stories.json, schools.json, clinics.json, shops.json, firms.json: each written from the knowledge scope
 * alone by someone who had not read the code, committed unchanged) and the shared dev set, run by botsim — the external client the product is judged with — against the
 * real server on port 0, over the Bot Framework protocol in callback mode. A run is mostly botsim waiting for the
 * bot to fall quiet after each turn, so the sets run side by side (vitest's maxConcurrency, 5).
 */
const BOTSIM = path.resolve('../shared/botsim/botsim.mjs');
const DEV = path.resolve('../shared/scenarios/dev.json');
const HELD_OUT_PASS_RATE = 0.95;
const SETS: Array<{ file: string; minimum: number }> = [
  { file: path.resolve('test/scenarios/people.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/forum.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/chat.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/forum-posts.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/mixed.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/chat-personas.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/forum-reports.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/simulated.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/tickets.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/walkins.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/teams.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/threads.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/replies.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/homeoffice.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/nocodes.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/behalf.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/tried.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/clients.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/typos.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/pieces.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/admins.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/lookalikes.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/recent.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/secondlang.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/oneliners.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/machines.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/moods.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/farms.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/timing.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/diagnostics.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/emails.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/phone.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/qna.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/reddit.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/misnamed.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/screenshots.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/unsure.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/sites.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/contrasts.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/wrongblame.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/stories.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/schools.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/clinics.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/shops.json'), minimum: HELD_OUT_PASS_RATE },
  { file: path.resolve('test/scenarios/firms.json'), minimum: HELD_OUT_PASS_RATE },
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
