import type { TurnContext } from 'botbuilder';
import { NotAuthenticatedError, type BotAdapter } from './adapter.ts';
import { createServer as createRestifyServer, plugins, type Request, type Response, type Server, type ServerOptions } from 'restify';
import type { Config } from './config.ts';
import type { InflightTracker } from './inflight.ts';
import type { Logger } from './logger.ts';
import { hardenServer, limitJsonDepth } from './httpHardening.ts';
import { RateLimitedError, sendRateLimited, type RateLimiter } from './rateLimit.ts';
import { parseActivity } from './parseActivity.ts';
import { isServiceUrlAllowed } from './serviceUrlGuard.ts';
import { respondUnavailable } from './storage/respondUnavailable.ts';

export type HealthReport = { status: 'ok' | 'degraded'; [field: string]: unknown };

export type ServerDeps = {
  config: Config;
  logger: Logger;
  adapter: BotAdapter;
  runTurn: (context: TurnContext) => Promise<void>;
  inflight: InflightTracker;
  health: () => Promise<HealthReport>;
  isShuttingDown: () => boolean;
  /** Activities per conversation on /api/messages. */
  limiter: RateLimiter;
};

/** Builds the restify server with every route; returns it unstarted (tests listen on port 0). */
export function createServer(deps: ServerDeps): Server {
  // restify logs through the app's redacting logger (its own would write raw headers and bodies).
  // @types/restify 8 still types `log` as bunyan; restify 12 takes a pino logger.
  const log = deps.logger.child({ component: 'restify' }) as unknown as ServerOptions['log'];
  const server = createRestifyServer({ name: 'rdp-assistant', handleUncaughtExceptions: false, log });
  hardenServer(server, deps.logger);
  // restify 12 accepts maxBodySize here (its bodyReader enforces it with a 413); @types/restify 8 predates it.
  const bodyOptions: plugins.JsonBodyParserOptions & { maxBodySize: number } = { maxBodySize: deps.config.maxBodyBytes, mapParams: false };
  server.use(plugins.jsonBodyParser(bodyOptions));
  server.use(limitJsonDepth);
  server.post('/api/messages', async (req: Request, res: Response) => {
    await deps.inflight.track(() => handleMessage(deps, req, res));
  });
  // restify emits a rejected handler's error by name (StorageUnavailableError -> 'StorageUnavailable')
  // before its default 500, and skips the default once a listener has answered.
  server.on('StorageUnavailable', (_req: Request, res: Response, _error: Error, done: () => void) => {
    respondUnavailable(res);
    done();
  });
  server.get('/healthz', async (_req: Request, res: Response) => {
    const report = await deps.health();
    res.send(report.status === 'ok' ? 200 : 503, report);
  });
  return server;
}

async function handleMessage(deps: ServerDeps, req: Request, res: Response): Promise<void> {
  const { config, logger } = deps;
  if (deps.isShuttingDown()) {
    res.header('Connection', 'close');
    res.send(503, { error: 'shutting down, retry shortly' });
    return;
  }
  const parsed = parseActivity(req.body);
  if (!parsed.ok) {
    res.send(400, { error: parsed.problem });
    return;
  }
  const { activity } = parsed;
  if (config.isLocalMode && !isServiceUrlAllowed(activity.serviceUrl, config.allowedServiceUrls)) {
    logger.warn({ serviceUrl: activity.serviceUrl, activityId: activity.id }, 'local mode: serviceUrl refused');
    res.send(403, { error: 'serviceUrl not allowed in local mode (loopback only; see ALLOWED_SERVICE_URLS)' });
    return;
  }
  try {
    const authHeader = req.header('authorization') ?? '';
    const admit = async (): Promise<void> => {
      const limit = await deps.limiter.take(`${activity.channelId}/${activity.conversation.id}`);
      if (!limit.allowed) throw new RateLimitedError(limit.retryAfterSeconds);
    };
    const result = await deps.adapter.handleActivity(authHeader, activity, deps.runTurn, admit);
    if (result?.body !== undefined) res.send(result.status ?? 200, result.body);
    else res.send(result?.status ?? 200);
  } catch (error) {
    if (error instanceof RateLimitedError) return sendRateLimited(res, error.retryAfterSeconds);
    if (error instanceof NotAuthenticatedError) {
      logger.warn({ activityId: activity.id, channelId: activity.channelId, reason: error.message }, 'request not authenticated');
      res.send(401, { error: 'unauthorized' });
      return;
    }
    logger.error({ err: error, activityId: activity.id, conversationId: activity.conversation?.id }, 'request failed');
    res.send(500, { error: 'internal error' });
  }
}
