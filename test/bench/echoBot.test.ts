import { readdir, statfs } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BenchProcess } from '../../bench/benchProcess.ts';
import { userActivity } from '../../bench/httpLoad.ts';
import { startTarget, tempDataDir, tmpfsRoot } from '../../bench/httpSection.ts';

/** POSTs one activity (expectReplies) and returns the texts of the replies in the response body. */
async function replies(bot: BenchProcess, activity: object): Promise<string[]> {
  const response = await fetch(bot.messagesUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { activities?: Array<{ text?: string }> } | null;
  return (body?.activities ?? []).map((a) => a.text ?? '');
}

describe('the controls of section 1', () => {
  let bot: BenchProcess | undefined;
  let removeDir: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await bot?.stop();
    await removeDir?.();
    bot = undefined;
    removeDir = undefined;
  });

  it('echo-engine runs the engine on every message (the reply ends with its replies\' kinds); echo only echoes', { timeout: 60_000 }, async () => {
    const text = 'Remote Desktop fails with error code 0x904, extended error code 0x7';
    bot = await startTarget('echo', { disk: '' });
    await replies(bot, userActivity('c-echo', 0));
    expect(await replies(bot, userActivity('c-echo', 1, text))).toEqual([`echo: ${text}`]);
    await bot.stop();
    bot = await startTarget('echo-engine', { disk: '' });
    await replies(bot, userActivity('c-engine', 0));
    const [reply] = await replies(bot, userActivity('c-engine', 1, text));
    // The engine read the error code: it acknowledges it, then asks or proposes a fix.
    expect(reply).toMatch(new RegExp(`^echo: ${text} \\[acknowledge( (question|fix))+\\]$`));
  });

  it('assistant-tmpfs keeps its conversations in the tmpfs directory, not on the disk', { timeout: 60_000 }, async () => {
    const root = await tmpfsRoot();
    expect(root, 'this machine has tmpfs at /dev/shm').toBeDefined();
    const tmpfs = await tempDataDir(root);
    const disk = await tempDataDir();
    removeDir = async () => {
      await tmpfs.remove();
      await disk.remove();
    };
    expect((await statfs(tmpfs.dir)).type).toBe(0x01021994);
    bot = await startTarget('assistant-tmpfs', { disk: disk.dir, tmpfs: tmpfs.dir });
    await replies(bot, userActivity('c-tmpfs', 0));
    await replies(bot, userActivity('c-tmpfs', 1, 'RDP says error 0x204'));
    await bot.stop();
    bot = undefined;
    const stored = async (dir: string): Promise<string[]> => (await readdir(dir, { recursive: true })).filter((f) => f.startsWith(path.join('state', 'conversations')) && f.endsWith('.json'));
    expect(await stored(tmpfs.dir)).toHaveLength(1);
    expect(await stored(disk.dir)).toEqual([]);
    await expect(startTarget('assistant-tmpfs', { disk: disk.dir })).rejects.toThrow('assistant-tmpfs needs a directory on tmpfs');
  });
});
