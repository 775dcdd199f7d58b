// "Where a turn's time goes": the measured parts of a turn's cost behind the ratio targets, worked out from
// one run's figures (CPU time per turn of each bot in section 1, the engine's own time in section 5, the
// store's calls and the CPU time of the file operations themselves in section 2), so the document's floor is this run's, not prose.
import { at } from './benchTargets.ts';
import type { BenchResults } from './runBench.ts';

const f2 = (n: number): string => n.toFixed(2);

/** Markdown lines; empty when the run has no CPU figures (results saved by an older bench). */
export function explainFloors(r: BenchResults): string[] {
  const echo = at(r, 'echo', 16);
  const memory = at(r, 'assistant-memory', 16);
  const lowdb = at(r, 'assistant-lowdb', 16);
  const cpu = [echo, memory, lowdb].map((m) => (m?.cpuMainMs !== undefined && m.cpuAllMs !== undefined ? { main: m.cpuMainMs, pool: m.cpuPoolMs, all: m.cpuAllMs } : undefined));
  const [e, m, l] = cpu;
  if (!echo || !memory || !lowdb || !e || !m || !l) return [];
  const lines = [
    '### Where a turn\'s time goes',
    '',
    'CPU time of each bot\'s process per message turn at concurrency 16 (from `/proc`, medians of the runs of section 1; what a busy host steals and the load generator\'s work are not in it):',
    '',
    '| CPU ms per turn | echo | assistant, MemoryStorage | assistant, lowdb |',
    '| --- | ---: | ---: | ---: |',
    `| main thread (JavaScript) | ${f2(e.main)} | ${f2(m.main)} | ${f2(l.main)} |`,
    ...(e.pool !== undefined && m.pool !== undefined && l.pool !== undefined ? [`| libuv's thread pool (asynchronous file calls) | ${f2(e.pool)} | ${f2(m.pool)} | ${f2(l.pool)} |`] : []),
    `| all threads (with libuv's pool, GC, JIT) | ${f2(e.all)} | ${f2(m.all)} | ${f2(l.all)} |`,
    '',
  ];
  const engine = r.engineMsPerMessage;
  if (engine !== undefined) {
    const ceiling = e.main / (e.main + engine);
    const rest = m.main - e.main - engine;
    lines.push(
      `- *Assistant ÷ echo.* One thread runs a bot's JavaScript, so turns/s follow main-thread time: echo ÷ assistant main-thread time is ${f2(e.main / m.main)} (turns/s ratio ${f2(memory.turnsPerSecond / echo.turnsPerSecond)}). ` +
        `The diagnosis engine alone (understanding and decision) takes ${f2(engine)} ms per message (section 5, in process): an assistant that were the echo bot plus the engine and nothing else could reach at most ${f2(e.main)} ÷ (${f2(e.main)} + ${f2(engine)}) = ${f2(ceiling)}` +
        (ceiling < 0.8 ? `; 0.8 allows the assistant ${f2(e.main / 4)} ms per turn on top of the echo's, less than the engine alone.` : '.') +
        ` The rest, ${f2(rest)} ms, is the dialog around the engine (loading, checking and saving a conversation state several times the echo's, the transcript, rendering, botbuilder-dialogs' dialog context).`,
    );
  }
  if (r.storeOps && r.fileSystem) {
    const { readsPerTurn, writesPerTurn, stateBytes } = r.storeOps;
    const fs = r.fileSystem;
    const calls = writesPerTurn * (fs.createWriteCloseMs + fs.renameMs) + readsPerTurn * fs.readMs;
    const extraMain = l.main - m.main;
    const extraOther = l.all - l.main - (m.all - m.main);
    const pool = l.pool !== undefined && m.pool !== undefined ? l.pool - m.pool : undefined;
    lines.push(
      `- *lowdb ÷ MemoryStorage.* The default store adds ${f2(extraMain)} ms per turn on the main thread and ${f2(extraOther)} ms on other threads` +
        (pool !== undefined ? `, ${f2(pool)} ms of it in libuv's thread pool, where the store's writes run (create the temp file, write, close, rename; reads are synchronous) and nothing else of this traffic. ` : '. ') +
        `A turn of this traffic reads ${f2(readsPerTurn)} items and writes ${f2(writesPerTurn)} (section 2; a conversation's state is ${(stateBytes / 1024).toFixed(1)} KB); ` +
        `timed alone (synchronous calls, user + system CPU time), a write takes ${f2(fs.createWriteCloseMs)} ms to create, write and close the temp file plus ${f2(fs.renameMs)} ms to rename it over the old one, and a read ${f2(fs.readMs)} ms: ${f2(calls)} ms per turn` +
        (pool === undefined
          ? '.'
          : (pool > 1.5 * calls
              ? `, against the ${f2(pool)} ms the pool spent per turn under load: the file system's own work grows with the rate of writes (\`npm run bench:profile -- --storage lowdb --perf\` shows where; on the machine of docs/bench/notes.md, an ext4 without a journal, creating a file passed over every inode deleted in the last minute, and each write through a temp file deletes one).`
              : `, about what the pool spent per turn under load (${f2(pool)} ms).`) +
            ` Without the pool's time the default store would use ${f2(l.all - pool)} ms per turn against MemoryStorage's ${f2(m.all)} (${f2(m.all / (l.all - pool))}).`),
    );
  }
  lines.push(
    `- *p99 at concurrency 16.* A turn waits behind the other 15 in flight, so latency follows the whole process's time per turn: the assistant on lowdb uses ${f2(l.all / e.all)} times the echo's CPU per turn, on MemoryStorage ${f2(m.all / e.all)} times.`,
    '',
  );
  return lines;
}
