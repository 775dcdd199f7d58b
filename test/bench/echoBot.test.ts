import { readdir, readFile } from 'node:fs/promises';
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

describe('the echo bots of the floor pass', () => {
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

  it('echo-engine-lowdb runs the engine on every message: the session it stores has read the error code', { timeout: 60_000 }, async () => {
    const data = await tempDataDir();
    removeDir = data.remove;
    const dir = path.join(data.dir, 'engine');
    bot = await startTarget('echo-engine-lowdb', dir);
    await post(bot.messagesUrl, userActivity('c-engine', 0));
    await post(bot.messagesUrl, userActivity('c-engine', 1, 'Remote Desktop fails with error code 0x904, extended error code 0x7'));
    await bot.stop();
    bot = undefined;
    const [file] = (await filesUnder(dir)).filter((f) => f.startsWith(`state${path.sep}conversations${path.sep}`));
    const stored = JSON.parse(await readFile(path.join(dir, file ?? ''), 'utf8')) as { value: { session?: { codes: { main: string[] } }; turns: number } };
    expect(stored.value.turns).toBe(1);
    expect(stored.value.session?.codes.main).toContain('0x904');
  });
});
