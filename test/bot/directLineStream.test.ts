import { once } from 'node:events';
import { createServer, type Server } from 'restify';
import { WebSocket } from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hardenServer } from '../../bot/httpHardening.ts';
import { createLogger } from '../../bot/logger.ts';
import { DirectLineStream, type StreamSource } from '../../bot/webchat/directLineStream.ts';

type ActivitySet = { activities: Array<{ id: string }>; watermark: string };

/** A conversation as the stream's source sees it: activities with sequence numbers as watermarks. */
function fakeConversation(token: string): StreamSource & { add(id: string): void } {
  const activities: Array<{ id: string }> = [];
  return {
    add: (id) => activities.push({ id }),
    readAfter: async (_conversationId, given, watermark) => (given === token ? { activities: activities.slice(Number(watermark || 0)), watermark: String(activities.length) } : undefined),
  };
}

function nextSet(socket: WebSocket): Promise<ActivitySet> {
  return new Promise((resolve) => socket.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()) as ActivitySet)));
}

describe('DirectLineStream', () => {
  let server: Server;
  let base: string;
  let trusted = true;
  let conversation: ReturnType<typeof fakeConversation>;
  let stream: DirectLineStream;
  beforeEach(async () => {
    conversation = fakeConversation('tok');
    const logger = createLogger('silent');
    stream = new DirectLineStream(conversation, logger, () => trusted);
    server = createServer({ handleUncaughtExceptions: false });
    hardenServer(server, logger);
    stream.attach(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${server.address().port}/v3/directline`;
  });
  afterEach(() => {
    stream.close();
    server.close();
    trusted = true;
  });

  it('sends the backlog after the watermark on connect, then each new activity as it is published', async () => {
    conversation.add('a1');
    conversation.add('a2');
    const socket = new WebSocket(DirectLineStream.streamUrl(base, 'c 1', 'tok', '1'));
    const backlog = nextSet(socket);
    await once(socket, 'open');
    await expect(backlog).resolves.toEqual({ activities: [{ id: 'a2' }], watermark: '2' });
    const live = nextSet(socket);
    conversation.add('a3');
    stream.publish('c 1');
    await expect(live).resolves.toEqual({ activities: [{ id: 'a3' }], watermark: '3' });
    socket.close();
  });

  it('refuses a wrong token and an untrusted origin before the upgrade', async () => {
    const wrong = new WebSocket(DirectLineStream.streamUrl(base, 'c1', 'nope'));
    const [, refused] = (await once(wrong, 'unexpected-response')) as [unknown, { statusCode: number }];
    expect(refused.statusCode).toBe(403);
    trusted = false;
    const stranger = new WebSocket(DirectLineStream.streamUrl(base, 'c1', 'tok'));
    const [, response] = (await once(stranger, 'unexpected-response')) as [unknown, { statusCode: number }];
    expect(response.statusCode).toBe(403);
  });

  it('leaves every other upgrade refused by the server hardening', async () => {
    const elsewhere = new WebSocket(`${base.replace(/^http/, 'ws')}/conversations/c1/activities`);
    const [, response] = (await once(elsewhere, 'unexpected-response')) as [unknown, { statusCode: number }];
    expect(response.statusCode).toBe(400);
  });
});
