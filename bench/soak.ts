// npm run soak [-- --duration 60]: mixed traffic against the real server on loopback (several users per
// conversation on /api/messages, half expectReplies and half callbacks to a local sink, a fast Direct Line
// typist with Web Chat's polling, /healthz), then checks: zero errors, and RSS (after a full GC) and p99
// latency in the last 10 s within 20 % of the first 10 s. Exits 1 when a check fails. Nothing leaves 127.0.0.1.
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { createApp } from '../bot/app.ts';
import { loadConfig } from '../bot/config.ts';
import { loadKnowledge } from '../bot/loadKnowledge.ts';
import { createLogger } from '../bot/logger.ts';
import { createStorage } from '../bot/storage/createStorage.ts';
import { startReplySink } from './replySink.ts';
import { runTraffic, type Sample } from './soakTraffic.ts';

export type SoakReport = {
  seconds: number;
  requests: number;
  errors: string[];
  window: { seconds: number; first: { p99: number; rssMb: number }; last: { p99: number; rssMb: number } };
  /** p99 and RSS per 10 s of the run, to see a trend rather than two points. */
  timeline: Array<{ fromSecond: number; requests: number; p99: number; rssMb: number }>;
  /** Latency per kind of request over the whole run: count, median and p99 in ms. */
  byKind: Record<string, { count: number; p50: number; p99: number }>;
  passed: boolean;
};

const TOLERANCE = 1.2;
const WARM_UP_MS = 3000;
const RSS_SAMPLE_MS = 2000;

/** Starts the bot and a reply sink on loopback, runs the traffic for `durationMs`, and judges the result. */
export async function runSoak(durationMs: number): Promise<SoakReport> {
  const errorLogs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        const entry = JSON.parse(line) as { level?: string; msg?: string };
        if (entry.level === 'error' || entry.level === 'fatal') errorLogs.push(`log: ${entry.msg ?? ''}`);
      }
      done();
    },
  });
  // The limits under test here are memory and latency, so the rate limits are opened up for the load.
  // The default file store in a throwaway directory: what is stored stays on disk, so RSS shows the process.
  const dataDir = await mkdtemp(path.join(tmpdir(), 'rdp-soak-'));
  const config = loadConfig({ STORAGE: 'lowdb', DATA_DIR: dataDir, LOG_LEVEL: 'warn', TYPING_DELAY_MS: '200', MESSAGE_RATE_PER_MINUTE: '100000', TOKEN_RATE_PER_MINUTE: '100000' });
  const storage = await createStorage(config, () => undefined);
  const app = createApp({ config, logger: createLogger(config.logLevel, sink), storage, knowledge: await loadKnowledge(config.knowledgeDir) });
  app.server.listen(0, '127.0.0.1');
  await once(app.server, 'listening');
  const channel = await startReplySink();

  const samples: Sample[] = [];
  const rss: Array<{ at: number; mb: number }> = [];
  const started = performance.now() + WARM_UP_MS;
  // RSS after a full collection when `--expose-gc` is on (npm run soak): V8 collects lazily, so raw RSS
  // climbs for a while under load without anything being retained; a leak shows after a collection too.
  const collect = (globalThis as { gc?: () => void }).gc;
  const sampler = setInterval(() => {
    collect?.();
    rss.push({ at: performance.now() - started, mb: process.memoryUsage().rss / 2 ** 20 });
  }, RSS_SAMPLE_MS);
  try {
    await runTraffic({
      url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`,
      serviceUrl: channel.serviceUrl,
      conversations: 5,
      usersPerConversation: 3,
      pauseMs: 400,
      typistPauseMs: 150,
      started,
      until: started + durationMs,
      record: (sample) => samples.push(sample),
    });
  } finally {
    clearInterval(sampler);
    app.server.close();
    channel.close();
    await app.inflight.drain(5000);
    await app.learning.close().catch(() => undefined);
    await storage.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  return judge(samples.filter((s) => s.at >= 0), rss.filter((r) => r.at >= 0), durationMs, errorLogs);
}

function judge(samples: Sample[], rss: Array<{ at: number; mb: number }>, durationMs: number, errorLogs: string[]): SoakReport {
  const windowMs = Math.min(10_000, durationMs / 3);
  const inWindow = <T extends { at: number }>(list: T[], first: boolean): T[] => list.filter((x) => (first ? x.at < windowMs : x.at >= durationMs - windowMs));
  const p99 = (list: Sample[]): number => percentile(list, 0.99);
  const meanMb = (list: Array<{ mb: number }>): number => Math.round(list.reduce((sum, r) => sum + r.mb, 0) / Math.max(1, list.length));
  const first = { p99: p99(inWindow(samples, true)), rssMb: meanMb(inWindow(rss, true)) };
  const last = { p99: p99(inWindow(samples, false)), rssMb: meanMb(inWindow(rss, false)) };
  const errors = [...samples.filter((s) => !s.ok).map((s) => s.what), ...errorLogs];
  const kinds = Map.groupBy(samples, (s) => s.kind);
  const slices = Array.from({ length: Math.ceil(durationMs / windowMs) }, (_, i) => i * windowMs);
  const timeline = slices.map((from) => {
    const slice = samples.filter((x) => x.at >= from && x.at < from + windowMs);
    return { fromSecond: from / 1000, requests: slice.length, p99: percentile(slice, 0.99), rssMb: meanMb(rss.filter((x) => x.at >= from && x.at < from + windowMs)) };
  });
  return {
    seconds: durationMs / 1000,
    requests: samples.length,
    errors,
    window: { seconds: windowMs / 1000, first, last },
    timeline,
    byKind: Object.fromEntries([...kinds].map(([kind, list]) => [kind, { count: list.length, p50: percentile(list, 0.5), p99: percentile(list, 0.99) }])),
    passed: errors.length === 0 && last.rssMb <= first.rssMb * TOLERANCE && last.p99 <= Math.max(first.p99 * TOLERANCE, 20),
  };
}

function percentile(list: Sample[], fraction: number): number {
  const sorted = list.map((s) => s.ms).sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0);
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { duration: { type: 'string', default: '60' } } });
  const seconds = Number(values.duration);
  if (!Number.isFinite(seconds) || seconds < 3 || seconds > 3600) {
    process.stderr.write('--duration must be 3 to 3600 seconds\n');
    process.exit(2);
  }
  const report = await runSoak(seconds * 1000);
  process.stdout.write(`${JSON.stringify({ ...report, errors: report.errors.slice(0, 20), errorCount: report.errors.length }, null, 2)}\n`);
  process.exit(report.passed ? 0 : 1);
}
