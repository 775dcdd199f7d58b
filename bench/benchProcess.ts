// A bot under test in its own process (so the load generator never shares its event loop), on a free
// loopback port; ready when GET /healthz answers 200.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export type BenchProcess = {
  url: string;
  messagesUrl: string;
  /** Milliseconds from spawn to the first 200 from /healthz. */
  startupMs: number;
  /** Resident set size of the bot's process, in MB. */
  rssMb(): Promise<number>;
  stop(): Promise<void>;
};

const ROOT = path.resolve(import.meta.dirname, '..');

/** Starts `script` (relative to the repository) with `env` on top of a clean environment; rejects if not ready within timeoutMs. */
export async function startBenchProcess(script: string, env: Record<string, string>, timeoutMs = 30_000): Promise<BenchProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, script)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), ...env },
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
  return { url, messagesUrl: `${url}/api/messages`, startupMs, rssMb: () => rssOf(child), stop: () => stop(child, exited) };
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

async function stop(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** A port the OS says is free right now (listen on 0, read it, close). */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
