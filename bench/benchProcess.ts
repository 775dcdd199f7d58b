// A bot under test in its own process (so the load generator never shares its event loop), on a free
// loopback port; ready when GET /healthz answers 200.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export type BenchProcess = {
  pid: number;
  url: string;
  messagesUrl: string;
  /** Milliseconds from spawn to the first 200 from /healthz. */
  startupMs: number;
  /** Resident set size of the bot's process, in MB. */
  rssMb(): Promise<number>;
  /** CPU time the process has used so far, ms: its main (JavaScript) thread, and all its threads (libuv's pool, GC, JIT). */
  cpuMs(): Promise<CpuTime>;
  stop(): Promise<void>;
};

/** ms: the main (JavaScript) thread, libuv's thread pool (where asynchronous file calls run), and all threads. */
export type CpuTime = { main: number; pool: number; all: number };

const ROOT = path.resolve(import.meta.dirname, '..');
const BENCH_MESSAGE_RATE = '1000000';

/** The node flags `npm start` runs the service with (the V8 heap settings), so every bot here runs as deployed. */
export function runtimeFlags(root = ROOT): string[] {
  const scripts = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  return (scripts.start ?? '').split(/\s+/).filter((word) => word.startsWith('--'));
}

let portRange: [number, number] | undefined;

/** Bots listen on the first free port in [from, to] instead of one the OS picks (machines where ports are assigned). */
export function usePortRange(from: number, to: number): void {
  portRange = [from, to];
}

/**
 * Starts `script` (relative to the repository, or to `root`: another checkout) with `env` on top of a clean
 * environment, the runtime flags of its `npm start` and `nodeArgs` (e.g. --cpu-prof) before it; rejects if
 * not ready within timeoutMs.
 */
export async function startBenchProcess(script: string, env: Record<string, string>, nodeArgs: string[] = [], timeoutMs = 30_000, root = ROOT): Promise<BenchProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [...runtimeFlags(root), ...nodeArgs, path.join(root, script)], {
    cwd: root,
    // The load generator sends a conversation's next message the moment the reply arrives, where a person takes
    // seconds: the per-conversation rate limit (burst of 20) would refuse the longest scripts, so it refills fast.
    env: { PATH: process.env.PATH ?? '', PORT: String(port), MESSAGE_RATE_PER_MINUTE: BENCH_MESSAGE_RATE, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = once(child, 'exit');
  while (!(await isHealthy(url))) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}: ${stderr}`);
    if (performance.now() - started > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`${script} not ready after ${timeoutMs} ms: ${stderr}`);
    }
    await sleep(5);
  }
  const startupMs = performance.now() - started;
  return { pid: child.pid ?? 0, url, messagesUrl: `${url}/api/messages`, startupMs, rssMb: () => rssOf(child), cpuMs: () => cpuOf(child), stop: () => stop(child, exited) };
}

async function isHealthy(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/healthz`)).status === 200;
  } catch {
    return false;
  }
}

async function rssOf(child: ChildProcess): Promise<number> {
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

/**
 * utime + stime of the process and of its main thread (Linux /proc; clock ticks of 10 ms, so a figure over a
 * run of thousands of turns). CPU time leaves out what a busy host steals, which wall-clock turns/s do not.
 */
async function cpuOf(child: ChildProcess): Promise<CpuTime> {
  const ticks = async (file: string): Promise<number> => {
    // Fields after the command name (which is in parentheses and may hold spaces): utime and stime are 14th and 15th.
    const stat = await readFile(file, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  };
  const [all, main, pool] = await Promise.all([ticks(`/proc/${child.pid}/stat`), ticks(`/proc/${child.pid}/task/${child.pid}/stat`), poolTicks(child.pid ?? 0, ticks)]);
  return { main: main * CLOCK_TICK_MS, pool: pool * CLOCK_TICK_MS, all: all * CLOCK_TICK_MS };
}

/** Ticks of the threads of libuv's pool (named libuv-worker by Node); a thread that ended meanwhile no longer counts. */
async function poolTicks(pid: number, ticks: (file: string) => Promise<number>): Promise<number> {
  let sum = 0;
  for (const task of await readdir(`/proc/${pid}/task`).catch(() => [] as string[])) {
    const name = await readFile(`/proc/${pid}/task/${task}/comm`, 'utf8').catch(() => '');
    if (name.startsWith('libuv-worker')) sum += await ticks(`/proc/${pid}/task/${task}/stat`).catch(() => 0);
  }
  return sum;
}

/** USER_HZ is 100 on every Linux architecture Node supports. */
export const CLOCK_TICK_MS = 10;

async function stop(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

const taken = new Set<number>();

/** A port free right now (the OS's pick, or the first free one in the range not handed out before). */
async function freePort(): Promise<number> {
  if (!portRange) return tryListen(0) as Promise<number>;
  for (let port = portRange[0]; port <= portRange[1]; port += 1) {
    if (taken.has(port)) continue;
    if ((await tryListen(port)) !== undefined) {
      taken.add(port);
      return port;
    }
  }
  throw new Error(`no free port in ${portRange.join('-')}`);
}

/** Listens on `port` on loopback and closes again; the port, or undefined when it is in use. */
async function tryListen(port: number): Promise<number | undefined> {
  const server = createServer();
  try {
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    return (server.address() as { port: number }).port;
  } catch {
    return undefined;
  } finally {
    server.close();
  }
}
