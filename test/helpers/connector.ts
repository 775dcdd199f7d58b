import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';

export type SentActivity = {
  type: string;
  name?: string;
  text?: string;
  value?: Record<string, unknown>;
  attachments?: unknown[];
  channelData?: { tags?: string };
};

export type FakeConnector = { accepted: SentActivity[]; refused: SentActivity[]; refusedRequests: Set<string> };

/**
 * A Bot Connector stand-in on `baseUrl` (nock): takes every activity the bot posts, except those `refuse`
 * names a status for. A retried request keeps its client request id, so `refusedRequests` counts the
 * sends the channel refused however often the client retried them.
 */
export function fakeConnector(baseUrl: string, refuse: (activity: SentActivity) => number | undefined = () => undefined): FakeConnector {
  const connector: FakeConnector = { accepted: [], refused: [], refusedRequests: new Set() };
  nock(baseUrl)
    .persist()
    .post(/\/v3\/conversations\/.*/)
    .reply(async (request: Request) => {
      const activity = (await request.json()) as SentActivity;
      const status = refuse(activity);
      if (status === undefined) {
        connector.accepted.push(activity);
        return [200, { id: `sent-${connector.accepted.length}` }];
      }
      connector.refused.push(activity);
      connector.refusedRequests.add(request.headers.get('x-ms-client-request-id') ?? String(connector.refused.length));
      return [status, { error: { code: 'BadArgument', message: `refused ${activity.type}` } }];
    });
  return connector;
}

/**
 * For the enclosing describe: no network but loopback (the bot under test), restored afterwards; after each
 * test `cleanup` runs (closing that test's bot) and every interceptor is removed.
 */
export function loopbackOnly(cleanup?: () => Promise<void>): void {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  if (cleanup) {
    afterEach(async () => {
      await cleanup();
      nock.cleanAll();
    });
  }
  afterAll(() => nock.enableNetConnect());
}
