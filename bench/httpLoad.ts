// Closed-loop load over HTTP, as botsim's `load` does it (node:http with keep-alive, expectReplies, K
// conversations in flight, each a conversationUpdate and then its turns one after another) but with
// scripted realistic conversations instead of a fixed cycle of texts. Loopback only.
import http from 'node:http';

export type LoadResult = {
  turns: number;
  errors: number;
  firstError?: string;
  seconds: number;
  turnsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  /** The bot's CPU time per turn, ms (bench processes only): its main thread, libuv's thread pool, and all its threads. */
  cpuMainMs?: number;
  cpuPoolMs?: number;
  cpuAllMs?: number;
};

export type LoadPlan = {
  url: string;
  scripts: readonly string[][];
  /** Conversations to run; scripts are reused in turn. */
  conversations: number;
  /** Index of the script the first conversation plays (the next ones follow), 0 by default. */
  firstScript?: number;
  concurrency: number;
  /** Prefix of the conversation ids, unique per run so no state or rate budget carries over. */
  idPrefix: string;
  onTurn?: (done: number) => void;
};

/** POSTs one activity on `agent`'s connections; resolves to the milliseconds it took, or throws with the status and body start. */
function post(url: string, activity: object, agent: http.Agent): Promise<number> {
  const body = JSON.stringify(activity);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const ms = performance.now() - started;
        const status = res.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve(ms);
        else reject(new Error(`HTTP ${status} ${Buffer.concat(chunks).toString('utf8').slice(0, 200)}`));
      });
      res.on('error', reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

/** A user activity (or a conversationUpdate when `text` is undefined) of one conversation, expectReplies. */
export function userActivity(conversationId: string, n: number, text?: string): object {
  const base = {
    id: `${conversationId}-${n}`,
    timestamp: new Date().toISOString(),
    channelId: 'emulator',
    serviceUrl: 'http://127.0.0.1:9/',
    deliveryMode: 'expectReplies',
    locale: 'en-US',
    conversation: { id: conversationId },
    from: { id: `${conversationId}-user`, name: 'Bench User', role: 'user' },
    recipient: { id: 'bot', name: 'Bot', role: 'bot' },
  };
  if (text === undefined) return { ...base, type: 'conversationUpdate', membersAdded: [{ id: base.from.id }, { id: 'bot' }] };
  return { ...base, type: 'message', text };
}

/** Runs the plan; latencies are of message turns only (the conversationUpdate is sent but not counted). */
export async function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const fail = (error: unknown): void => {
    errors += 1;
    firstError ??= error instanceof Error ? error.message : String(error);
  };
  // Each run opens its own connections and closes them at the end: a connection left idle while the other
  // bots take their turn would outlive the server's keep-alive timeout, and the next run could send on a
  // socket the server is closing ("socket hang up").
  const agent = new http.Agent({ keepAlive: true });
  const worker = async (): Promise<void> => {
    while (next < plan.conversations) {
      const index = next;
      next += 1;
      const id = `${plan.idPrefix}-${index}`;
      await post(plan.url, userActivity(id, 0), agent).catch(fail);
      for (const [turn, text] of (plan.scripts[((plan.firstScript ?? 0) + index) % plan.scripts.length] ?? []).entries()) {
        await post(plan.url, userActivity(id, turn + 1, text), agent).then((ms) => latencies.push(ms), fail);
        plan.onTurn?.(latencies.length + errors);
      }
    }
  };
  const begin = performance.now();
  await Promise.all(Array.from({ length: plan.concurrency }, worker));
  const seconds = (performance.now() - begin) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { turns: latencies.length, errors, ...(firstError ? { firstError } : {}), seconds, turnsPerSecond: latencies.length / seconds, p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), p99: percentile(latencies, 0.99) };
}

/** Nearest-rank percentile of an ascending list (as botsim computes it). */
export function percentile(ascending: readonly number[], fraction: number): number {
  if (ascending.length === 0) return 0;
  return ascending[Math.min(ascending.length - 1, Math.max(0, Math.ceil(fraction * ascending.length) - 1))] ?? 0;
}
