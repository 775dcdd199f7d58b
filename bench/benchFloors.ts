// "Where a turn's time goes": the measured parts of a turn's cost behind the ratio targets, worked out from
// one run's figures (CPU time per turn of each bot in section 1, the engine's own time in section 5, the
// store's calls and the CPU time of the file operations themselves in section 2, and the echo bot on the
// default store: what the store alone costs), so the document's floor is this run's, not prose.
import { at } from './benchTargets.ts';
import type { LoadResult } from './httpLoad.ts';
import type { BenchResults } from './runBench.ts';

const f2 = (n: number): string => n.toFixed(2);

type Cpu = { main: number; pool: number | undefined; all: number };
const cpuOf = (m: LoadResult | undefined): Cpu | undefined => (m?.cpuMainMs !== undefined && m.cpuAllMs !== undefined ? { main: m.cpuMainMs, pool: m.cpuPoolMs, all: m.cpuAllMs } : undefined);

/** Markdown lines; empty when the run has no CPU figures (results saved by an older bench). */
export function explainFloors(r: BenchResults): string[] {
  const echo = at(r, 'echo', 16);
  const echoLowdb = at(r, 'echo-lowdb', 16);
  const memory = at(r, 'assistant-memory', 16);
  const lowdb = at(r, 'assistant-lowdb', 16);
  const [e, el, m, l] = [echo, echoLowdb, memory, lowdb].map(cpuOf);
  if (!echo || !memory || !lowdb || !e || !m || !l) return [];
  const columns = el ? [e, el, m, l] : [e, m, l];
  const cells = (pick: (c: Cpu) => number | undefined): string => columns.map((c) => f2(pick(c) ?? Number.NaN)).join(' | ');
  const lines = [
    '### Where a turn\'s time goes',
    '',
    'CPU time of each bot\'s process per message turn at concurrency 16 (from `/proc`, medians of the runs of section 1; what a busy host steals and the load generator\'s work are not in it):',
    '',
    `| CPU ms per turn | echo |${el ? ' echo, lowdb |' : ''} assistant, MemoryStorage | assistant, lowdb |`,
    `| --- | ---: |${el ? ' ---: |' : ''} ---: | ---: |`,
    `| main thread (JavaScript) | ${cells((c) => c.main)} |`,
    ...(columns.every((c) => c.pool !== undefined) ? [`| libuv's thread pool (asynchronous file calls) | ${cells((c) => c.pool)} |`] : []),
    `| all threads (with libuv's pool, GC, JIT) | ${cells((c) => c.all)} |`,
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
            ` Without the pool's time the default store would use ${f2(l.all - pool)} ms per turn against MemoryStorage's ${f2(m.all)} (${f2(m.all / (l.all - pool))}).`) +
        (el && echoLowdb ? ` ${storeAlone(e, el, m, l, echo, echoLowdb)}` : ''),
    );
  }
  lines.push(
    `- *p99 at concurrency 16.* A turn waits behind the other 15 in flight, so latency follows the whole process's time per turn: the assistant on lowdb uses ${f2(l.all / e.all)} times the echo's CPU per turn (p99 ${f2(lowdb.p99 / echo.p99)} times), on MemoryStorage ${f2(m.all / e.all)} times (p99 ${f2(memory.p99 / echo.p99)} times).` +
      (el && echoLowdb ? ` ${p99Floor(e, el, echo, echoLowdb, lowdb, r.engineMsPerMessage)}` : ''),
    '',
  );
  return lines;
}

/** The store's own cost, measured on the echo bot (same store, same traffic, same runs), and the lowdb ÷ MemoryStorage ratio it leaves the assistant. */
function storeAlone(e: Cpu, el: Cpu, m: Cpu, l: Cpu, echo: LoadResult, echoLowdb: LoadResult): string {
  const store = el.all - e.all;
  const ceiling = m.all / (m.all + store);
  return (
    `The store's own cost, measured on the echo bot in the same runs: on lowdb it uses ${f2(store)} ms more per turn than on MemoryStorage (${f2(el.main - e.main)} on the main thread${el.pool !== undefined ? `, ${f2(el.pool)} in libuv's pool` : ''}) and serves ${f2(echoLowdb.turnsPerSecond / echo.turnsPerSecond)} times its turns/s. ` +
    `Were that all the store cost the assistant, its ratio would be ${f2(m.all)} ÷ (${f2(m.all)} + ${f2(store)}) = ${f2(ceiling)}` +
    (ceiling < 0.7
      ? `: under 0.7, so on this machine's file system the target cannot hold for any bot with the assistant's own cost; the floor is the store's work, measured without the assistant.`
      : `: the target is within reach, and what the assistant pays on top, ${f2(l.all - m.all - store)} ms per turn, is its own use of the store (a conversation state of several hundred bytes to a few KB in each file, where the echo's holds a turn counter).`)
  );
}

/** p99 of the echo bot on the default store against on MemoryStorage, and what adding only the engine's own time to it would leave. */
function p99Floor(e: Cpu, el: Cpu, echo: LoadResult, echoLowdb: LoadResult, lowdb: LoadResult, engine: number | undefined): string {
  const storeP99 = echoLowdb.p99 / echo.p99;
  const text = `The echo bot on the default store, doing nothing else, has a p99 of ${echoLowdb.p99.toFixed(1)} ms: ${f2(storeP99)} times the echo's on MemoryStorage, with ${f2(el.all / e.all)} times its CPU per turn.`;
  if (engine === undefined) return text;
  const withEngine = storeP99 * ((el.all + engine) / el.all);
  return (
    `${text} Adding to it only the engine's ${f2(engine)} ms per message, the least the assistant does, at the same p99 per CPU millisecond, gives ${f2(withEngine)} times the echo's p99` +
    (withEngine > 2 ? ': over 2, so the floor of this target is the store\'s own work plus the engine\'s, before any of the dialog around the engine.' : `: under 2; the rest of the way to the assistant's ${f2(lowdb.p99 / echo.p99)} is the dialog around the engine and the assistant's larger state on the store.`)
  );
}

