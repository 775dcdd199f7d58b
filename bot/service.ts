import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { knowledgeCache } from './knowledgeCache.ts';
import { KnowledgeError, loadKnowledge, type LoadedKnowledge } from './loadKnowledge.ts';
import { createLogger, type Logger } from './logger.ts';
import { DataDirInUseError } from './storage/dataDirLock.ts';
import { createStorage, type StorageHandle } from './storage/createStorage.ts';

/** Starts the service: config → logger → storage → app → listen; exits non-zero with a clear message on bad setup. */
export async function main(): Promise<void> {
  // Variables already set in the environment win over .env (Node's loadEnvFile does not overwrite).
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) return fail(error.message);
    throw error;
  }
  const logger = createLogger(config.logLevel);
  let knowledge: LoadedKnowledge;
  try {
    knowledge = await loadKnowledge(config.knowledgeDir, knowledgeCache());
  } catch (error) {
    if (error instanceof KnowledgeError) return fail(error.message);
    throw error;
  }
  if (config.isLocalMode) {
    logger.warn(
      { host: config.host, allowedServiceUrls: config.allowedServiceUrls },
      'LOCAL MODE: MicrosoftAppId is empty, so requests are NOT authenticated. Replies go only to loopback ' +
        'serviceUrls (and ALLOWED_SERVICE_URLS). For the Emulator, botsim and the local web chat only.',
    );
  }
  let storage: StorageHandle;
  try {
    storage = await createStorage(config, (error) => {
      logger.fatal({ err: error }, 'lost the DATA_DIR lock; stopping to protect the data');
      process.exit(1);
    });
  } catch (error) {
    if (error instanceof DataDirInUseError) return fail(error.message);
    throw error;
  }
  const app = createApp({ config, logger, storage, knowledge });
  try {
    app.server.listen(config.port, config.host);
    await once(app.server, 'listening');
  } catch (error) {
    await storage.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      return fail(`Cannot listen on ${config.host}:${config.port} (${code}): ${code === 'EADDRINUSE' ? 'another process uses this port; stop it or set PORT' : 'check HOST and PORT'}.`);
    }
    throw error;
  }
  logger.info(
    { url: app.server.url, storage: storage.kind, mode: config.isLocalMode ? 'local' : 'authenticated', knowledge: knowledge.knowledge.release, knowledgeHash: knowledge.hash.slice(0, 12) },
    'bot listening',
  );

  const sweep = startSweeps(config, storage, logger);
  const ticketRetries = app.tickets?.start(Math.max(1000, config.tickets.retrySeconds * 500));
  const queueWatch = app.queueWatch?.start(30_000);
  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, inFlight: app.inflight.count }, 'shutting down');
    app.beginShutdown();
    clearInterval(sweep);
    clearInterval(ticketRetries);
    clearInterval(queueWatch);
    app.server.close();
    const drained = await app.inflight.drain(config.shutdownTimeoutMs);
    if (!drained) logger.warn({ inFlight: app.inflight.count }, 'shutdown timeout: turns still in flight');
    await app.learning.close().catch((error: unknown) => logger.error({ err: error, outcomes: app.learning.pending }, 'learning outcomes could not be stored before stopping'));
    await storage.close();
    logger.info('stopped');
    logger.flush();
    process.exit(drained ? 0 : 1);
  };
  process.once('SIGTERM', (signal) => void shutdown(signal));
  process.once('SIGINT', (signal) => void shutdown(signal));
}

function startSweeps(config: Config, storage: StorageHandle, logger: Logger): NodeJS.Timeout {
  const run = async (): Promise<void> => {
    try {
      const removed = await storage.sweep(new Date());
      if (removed > 0) logger.info({ removed, ttlDays: config.stateTtlDays }, 'expired conversation state deleted');
    } catch (error) {
      logger.error({ err: error }, 'state sweep failed');
    }
  };
  void run();
  const timer = setInterval(() => void run(), config.stateSweepIntervalMinutes * 60_000);
  timer.unref();
  return timer;
}

function fail(message: string): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
}
