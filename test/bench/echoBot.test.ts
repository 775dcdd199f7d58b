import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BenchProcess } from '../../bench/benchProcess.ts';
import { post, userActivity } from '../../bench/httpLoad.ts';
import { startTarget, tempDataDir } from '../../bench/httpSection.ts';

/** Every file under `dir`, relative paths; none when it does not exist. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe('the echo bot of the store pass', () => {
  let bot: BenchProcess | undefined;
  let removeDir: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await bot?.stop();
    await removeDir?.();
    bot = undefined;
  });

  it('echo-lowdb keeps its conversation in the default store under DATA_DIR; echo keeps nothing on disk', { timeout: 60_000 }, async () => {
    const data = await tempDataDir();
    removeDir = data.remove;
    for (const target of ['echo', 'echo-lowdb'] as const) {
      const dir = path.join(data.dir, target);
      bot = await startTarget(target, dir);
      await post(bot.messagesUrl, userActivity(`c-${target}`, 0));
      await post(bot.messagesUrl, userActivity(`c-${target}`, 1, 'hello'));
      // stop() waits for the process to exit, which closes the store after its writes.
      await bot.stop();
      bot = undefined;
      const stored = (await filesUnder(dir)).filter((f) => f.startsWith(`state${path.sep}conversations${path.sep}`) && f.endsWith('.json'));
      if (target === 'echo') expect(stored).toEqual([]);
      else expect(stored).toHaveLength(1);
    }
  });
});
