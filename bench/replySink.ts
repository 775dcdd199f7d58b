import { once } from 'node:events';
import { createServer } from 'node:http';

export type ReplySink = { serviceUrl: string; close(): void };

/** A loopback "channel" that accepts every reply the bot posts (200 with an id), so normal delivery needs no network. */
export async function startReplySink(): Promise<ReplySink> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      // restify patches ServerResponse for the whole process, and its writeHead does not return `this`.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"sent"}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { serviceUrl: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, close: () => server.close() };
}
