import { readdir, statfs } from 'node:fs/promises';
import path from 'node:path';
import type { Activity, Storage } from 'botbuilder';
import { DialogsComponentRegistration } from 'botbuilder-dialogs/lib/dialogsComponentRegistration.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BenchProcess } from '../../bench/benchProcess.ts';
import { createEchoDialogBot, type EchoLine } from '../../bench/echoDialogBot.ts';
import { userActivity } from '../../bench/httpLoad.ts';
import { startTarget, tempDataDir, tmpfsRoot } from '../../bench/httpSection.ts';
import { loadConfig } from '../../bot/config.ts';
import { createLogger } from '../../bot/logger.ts';
import { MemoryStore } from '../../bot/storage/memoryStore.ts';
import { TRANSCRIPT_LINES_KEPT } from '../../dialogs/diagnosisDialog.ts';

const config = loadConfig({ STORAGE: 'memory', LOG_LEVEL: 'silent' });

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

  it('echo-dialog echoes from its dialog, whose transcript keeps the person\'s words and a reply per message across turns', { timeout: 60_000 }, async () => {
    bot = await startTarget('echo-dialog', { disk: '' });
    await replies(bot, userActivity('c-dialog', 0));
    expect(await replies(bot, userActivity('c-dialog', 1, 'error 0x204'))).toEqual(['echo: error 0x204 [lines 2]']);
    expect(await replies(bot, userActivity('c-dialog', 2, 'no'))).toEqual(['echo: no [lines 4]']);
    expect(await replies(bot, userActivity('c-other', 1, 'hello'))).toEqual(['echo: hello [lines 2]']);
  });

  it('echo-dialog saves its state eTag-checked, as the assistant does: a write by another instance between its read and its save is a conflict', async () => {
    const inner = new MemoryStore();
    let interloper: (() => Promise<void>) | undefined;
    const writes: Array<{ eTag: unknown; failed: boolean }> = [];
    const storage: Storage = {
      read: async (keys) => {
        const items = await inner.read(keys);
        await interloper?.();
        return items;
      },
      write: async (changes) => {
        const eTag = (Object.values(changes)[0] as { eTag?: unknown } | undefined)?.eTag;
        try {
          await inner.write(changes);
          writes.push({ eTag, failed: false });
        } catch (error) {
          writes.push({ eTag, failed: true });
          throw error;
        }
      },
      delete: (keys) => inner.delete(keys),
    };
    const echo = await createEchoDialogBot(config, createLogger('silent'), storage);
    const turn = (n: number) => echo.adapter.handleActivity('', userActivity('c-etag', n, `message ${n}`) as unknown as Activity, echo.runTurn);
    await turn(1);
    await turn(2);
    // The first save creates the item (nothing was read); the second carries the eTag it was read with.
    expect(writes.map((w) => w.failed)).toEqual([false, false]);
    expect(writes[1]?.eTag).toMatch(/^\d+$/);
    const key = 'emulator/conversations/c-etag/';
    expect(Object.keys(await inner.read([key]))).toEqual([key]);
    interloper = async () => {
      interloper = undefined;
      await inner.write({ [key]: { elsewhere: true, eTag: '*' } });
    };
    await turn(3).catch(() => undefined);
    expect(writes.at(-1)).toEqual({ eTag: expect.stringMatching(/^\d+$/), failed: true });
  });

  it('echo-dialog keeps the newest lines of its transcript, as the diagnosis dialog does, and builds botbuilder-dialogs\' memory scopes once', async () => {
    const built = vi.spyOn(DialogsComponentRegistration.prototype, 'getMemoryScopes');
    try {
      const store = new MemoryStore();
      const echo = await createEchoDialogBot(config, createLogger('silent'), store);
      const after = built.mock.calls.length;
      const messages = TRANSCRIPT_LINES_KEPT / 2 + 1;
      for (let n = 1; n <= messages; n += 1) await echo.adapter.handleActivity('', userActivity('c-lines', n, `message ${n}`) as unknown as Activity, echo.runTurn);
      expect(built.mock.calls.length - after).toBe(0);
      const key = 'emulator/conversations/c-lines/';
      const item = (await store.read([key]))[key] as { dialogState: { dialogStack: Array<{ state: { transcript: EchoLine[] } }> } } | undefined;
      const transcript = item?.dialogState.dialogStack[0]?.state.transcript ?? [];
      expect(transcript).toHaveLength(TRANSCRIPT_LINES_KEPT);
      // The first message and its reply were dropped: the transcript starts with the second.
      expect(transcript[0]).toEqual({ from: 'user', text: 'message 2', at: expect.any(String) });
      expect(transcript.at(-1)).toEqual({ from: 'bot', reply: { kind: 'message', id: 'echo' }, at: expect.any(String) });
    } finally {
      built.mockRestore();
    }
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
