import type { BrowserContext, WebSocketRoute } from 'playwright-core';

const ORIGIN = 'https://directline.botframework.com';
type Activity = Record<string, unknown> & { id: string };

/** What the page did against the fake Azure Direct Line: HTTP calls (method and path) and stream connections. */
export type AzureLog = { calls: string[]; streams: string[] };

/**
 * Azure Direct Line as a browser sees it, served by Playwright routes (the test machine cannot reach
 * Azure): start and reconnect (with a stream URL), posting activities (echoed, then a bot reply after a
 * typing activity), and the WebSocket stream, which replays the conversation after the URL's watermark.
 */
export async function fakeAzureDirectLine(context: BrowserContext, conversationId: string, token: string): Promise<AzureLog> {
  const log: AzureLog = { calls: [], streams: [] };
  const activities: Activity[] = [{ id: `${conversationId}|1`, type: 'message', text: 'Hi from the bot on Azure.', from: { id: 'bot', role: 'bot' } }];
  const sockets = new Set<WebSocketRoute>();
  const streamUrl = (watermark: string): string => `wss://directline.botframework.com/v3/directline/conversations/${conversationId}/stream?t=${token}&watermark=${watermark}`;
  const push = (added: Activity[]): void => {
    activities.push(...added);
    for (const socket of sockets) socket.send(JSON.stringify({ activities: added, watermark: String(activities.length) }));
  };
  await context.route(`${ORIGIN}/**`, async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    log.calls.push(`${request.method()} ${url.pathname}`);
    const json = (status: number, body: unknown) => route.fulfill({ status, contentType: 'application/json', headers: { 'Access-Control-Allow-Origin': '*' }, body: JSON.stringify(body) });
    if (request.method() === 'OPTIONS') return route.fulfill({ status: 204, headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Methods': 'GET, POST' } });
    if (request.headers().authorization !== `Bearer ${token}`) return json(403, { error: { code: 'TokenInvalid' } });
    if (url.pathname.endsWith('/conversations') && request.method() === 'POST') return json(201, { conversationId, token, expires_in: 1800, streamUrl: streamUrl('') });
    if (url.pathname.endsWith(`/conversations/${conversationId}`)) return json(200, { conversationId, token, expires_in: 1800, streamUrl: streamUrl(url.searchParams.get('watermark') ?? '') });
    if (url.pathname.endsWith('/activities') && request.method() === 'POST') {
      const posted = request.postDataJSON() as Record<string, unknown>;
      const id = `${conversationId}|${activities.length + 1}`;
      await json(200, { id });
      push([{ ...posted, id }]);
      push([{ id: `${conversationId}|t${activities.length}`, type: 'typing', from: { id: 'bot', role: 'bot' } }]);
      push([{ id: `${conversationId}|${activities.length + 1}`, type: 'message', text: `You said: ${String(posted.text)}`, from: { id: 'bot', role: 'bot' } }]);
      return undefined;
    }
    return json(404, { error: { code: 'NotFound' } });
  });
  await context.routeWebSocket(/^wss:\/\/directline\.botframework\.com\//, (socket) => {
    log.streams.push(socket.url());
    sockets.add(socket);
    socket.onClose(() => sockets.delete(socket));
    const after = Number(new URL(socket.url()).searchParams.get('watermark') || 0);
    const backlog = activities.slice(after);
    if (backlog.length > 0) socket.send(JSON.stringify({ activities: backlog, watermark: String(activities.length) }));
  });
  return log;
}
