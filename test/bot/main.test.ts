import { once } from 'node:events';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeActivity, postJson } from '../helpers/botServer.ts';
import { spawnBot, type BotProcess } from '../helpers/botProcess.ts';

describe('main', () => {
  let dataDir: string;
  const running: BotProcess[] = [];

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'rdp-main-'));
  });
  afterEach(async () => {
    for (const bot of running.splice(0)) {
      if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
      await bot.exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = (env: Record<string, string> = {}): BotProcess => {
    const bot = spawnBot({ DATA_DIR: dataDir, ...env });
    running.push(bot);
    return bot;
  };
  const listeningUrl = async (bot: BotProcess): Promise<string> => String((await bot.waitForLog((l) => l.msg === 'bot listening')).url);

  it('warns loudly in local mode and listens on loopback', async () => {
    const bot = start();
    const url = await listeningUrl(bot);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(bot.lines[0]).toMatchObject({ level: 'warn', msg: expect.stringContaining('LOCAL MODE') });
  });

  it('refuses a second process on the same data directory with a clear message', async () => {
    const first = start();
    await listeningUrl(first);
    const second = start();
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toContain(`DATA_DIR ${dataDir} is in use by another bot process`);
  });

  it('explains a port that is already taken, and frees the data directory', async () => {
    const first = start();
    const url = await listeningUrl(first);
    const port = new URL(url).port;
    const otherDir = await mkdtemp(path.join(tmpdir(), 'rdp-main-port-'));
    const second = spawnBot({ DATA_DIR: otherDir, PORT: port });
    running.push(second);
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toContain(`Cannot listen on 127.0.0.1:${port} (EADDRINUSE)`);
    const third = spawnBot({ DATA_DIR: otherDir });
    running.push(third);
    await listeningUrl(third);
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
    await rm(otherDir, { recursive: true, force: true });
  });

  it('refuses local mode when NODE_ENV=production, listing every problem', async () => {
    const bot = start({ NODE_ENV: 'production', PORT: 'eighty', STORAGE: 'redis' });
    expect(await bot.exited).toBe(1);
    const stderr = bot.stderr();
    expect(stderr).toContain('MicrosoftAppId: is empty while NODE_ENV=production');
    expect(stderr).toContain('PORT: must be integer');
    expect(stderr).toContain('STORAGE: must be equal to one of the allowed values (one of lowdb, memory, blob, cosmos)');
  });

  it('refuses to start on invalid knowledge, listing the problems with their positions', async () => {
    const knowledgeDir = path.join(dataDir, 'knowledge');
    await cp('knowledge', knowledgeDir, { recursive: true });
    const causeFile = path.join(knowledgeDir, 'causes', 'unstable-vpn.yaml');
    await writeFile(causeFile, (await readFile(causeFile, 'utf8')).replace(/prior: [\d.]+/, 'prior: 7'));
    await rm(path.join(knowledgeDir, 'messages.yaml'));
    const bot = start({ KNOWLEDGE_DIR: knowledgeDir });
    expect(await bot.exited).toBe(1);
    expect(bot.stderr()).toMatch(/is invalid \(2 problems\):\ncauses\/unstable-vpn.yaml:\d+:8 unstable-vpn: must be <= 1\nmessages.yaml:1:1: required file is missing/);
    const missing = start({ KNOWLEDGE_DIR: path.join(dataDir, 'nowhere') });
    expect(await missing.exited).toBe(1);
    expect(missing.stderr()).toContain('cannot read the folder (ENOENT)');
  });

  it('keeps conversation state across a restart: the diagnosis goes on where it stopped', async () => {
    const first = start();
    const url1 = await listeningUrl(first);
    const conversation = { id: 'conv-restart' };
    const message = makeActivity({ deliveryMode: 'expectReplies', conversation, text: 'remote desktop error 0x904 extended 0x7' });
    expect((await postJson(`${url1}/api/messages`, message)).status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = start();
    const url2 = await listeningUrl(second);
    const again = await postJson(`${url2}/api/messages`, message);
    expect(again).toMatchObject({ status: 200, body: { activities: [] } });
    const answer = makeActivity({ deliveryMode: 'expectReplies', conversation, text: 'no, nobody can connect and it is an azure vm' });
    const { body } = await postJson(`${url2}/api/messages`, answer);
    expect(JSON.stringify(body)).toContain('MachineKeys');
  });

  it('finishes the turn in flight on SIGTERM, then exits 0', async () => {
    let releaseReply: () => void = () => undefined;
    const received: unknown[] = [];
    const channel = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push(JSON.parse(body));
        releaseReply = () => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"id":"1"}');
        };
      });
    });
    channel.listen(0, '127.0.0.1');
    await once(channel, 'listening');
    const channelUrl = `http://127.0.0.1:${(channel.address() as AddressInfo).port}/`;
    try {
      const bot = start({ TYPING_DELAY_MS: '60000' });
      const url = await listeningUrl(bot);
      const reply = postJson(`${url}/api/messages`, makeActivity({ serviceUrl: channelUrl }));
      await waitUntil(() => received.length === 1);
      bot.child.kill('SIGTERM');
      await bot.waitForLog((l) => l.msg === 'shutting down');
      releaseReply();
      expect((await reply).status).toBe(200);
      expect(received[0]).toMatchObject({ type: 'message', text: expect.any(String) });
      expect(await bot.exited).toBe(0);
      expect(bot.lines.map((l) => l.msg)).toContain('stopped');
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    } finally {
      channel.close();
    }
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
