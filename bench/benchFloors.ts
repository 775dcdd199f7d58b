// "Where a turn's time goes": the measured parts of a turn's cost behind the ratio targets, worked out from
// one run's figures (CPU time per turn of each bot in section 1, the engine's own time in section 5, the
// store's calls and the CPU time of the file operations themselves in section 2, the echo bot on both stores
// in the store pass), so the document's floor is this run's, not prose.
import { at } from './benchTargets.ts';
import type { LoadResult } from './httpLoad.ts';
import type { BenchResults, FloorBot } from './runBench.ts';

const f2 = (n: number): string => n.toFixed(2);
/** Below this a CPU-per-turn difference is within the 10 ms clock ticks of a run: no measurable cost. */
const MEASURABLE_MS = 0.02;

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
        ` The rest, ${f2(rest)} ms, is what the engine costs in a bot process beyond its time in process (its session's load, check and save, the collections of a heap that holds the knowledge${r.floorPass ? ': the floor pass below measures it' : ''}) and the dialog around the engine (the transcript, rendering, botbuilder-dialogs' dialog context, the turn pipeline's duties).`,
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
      `- *lowdb ÷ MemoryStorage.* The default store adds ${f2(extraMain)} ms per turn on the main thread and ${f2(extraOther)} ms on the other threads together (libuv's pool, the collector's and the compiler's threads)` +
        (pool !== undefined ? `; libuv's thread pool, where the store's writes run (create the temp file, write, close, rename; reads are synchronous) and nothing else of this traffic, spent ${f2(pool)} ms per turn. ` : '. ') +
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
  const pass = floorPassOf(r);
  if (pass) {
    lines.push(engineBot(pass));
    const store = storeAlone(pass, m, l);
    if (store) lines.push(store);
  }
  lines.push(
    `- *p99 at concurrency 16.* A turn waits behind the other 15 in flight, so latency follows the whole process's time per turn: the assistant on lowdb uses ${f2(l.all / e.all)} times the echo's CPU per turn (p99 ${f2(lowdb.p99 / echo.p99)} times), on MemoryStorage ${f2(m.all / e.all)} times (p99 ${f2(memory.p99 / echo.p99)} times). ` +
      `The ratio is the store's factor (lowdb p99 ÷ MemoryStorage p99, ${f2(lowdb.p99 / memory.p99)}) times the assistant's own (MemoryStorage p99 ÷ echo p99, ${f2(memory.p99 / echo.p99)}); with the store's factor as measured, 2 needs the assistant on MemoryStorage within ${f2((2 * memory.p99) / lowdb.p99)} times the echo's p99.` +
      (pass ? ` ${p99Floor(pass, lowdb.p99 / echo.p99)}` : ''),
    '',
  );
  return lines;
}

type Cpu = { main: number; pool: number | undefined; all: number };
type FloorPass = { echo: LoadResult; echoLowdb: LoadResult; engine: LoadResult; engineLowdb: LoadResult };

/** The floor pass's four bots at c16, when the run has them (results saved before it do not). */
function floorPassOf(r: BenchResults): FloorPass | undefined {
  const get = (bot: FloorBot): LoadResult | undefined => r.floorPass?.[bot].find((f) => f.concurrency === 16)?.median;
  const [echo, echoLowdb, engine, engineLowdb] = (['echo', 'echo-lowdb', 'echo-engine', 'echo-engine-lowdb'] as const).map(get);
  return echo && echoLowdb && engine && engineLowdb ? { echo, echoLowdb, engine, engineLowdb } : undefined;
}

/** The echo bot with the engine, on MemoryStorage: the least an assistant with this engine does, measured against the echo alone. */
function engineBot({ echo, engine }: FloorPass): string {
  const ratio = engine.turnsPerSecond / echo.turnsPerSecond;
  return (
    `- *The echo bot with the engine.* In a pass of their own after the runs above (the floor pass of section 1), the echo bot that also runs the diagnosis engine on every message (its session kept in the conversation state, nothing rendered, no transcript, no dialog) served ${f2(ratio)} times the turns/s of the echo bot alone on MemoryStorage (${engine.turnsPerSecond.toFixed(0)} against ${echo.turnsPerSecond.toFixed(0)})` +
    (ratio < 0.8 ? ': under 0.8 already, the measured floor of the assistant ÷ echo target, whatever the dialog around the engine costs.' : ': the engine alone leaves room for 0.8, so what the assistant adds around the engine is what misses it.')
  );
}

/** What the store costs the echo bot (floor pass), and what that leaves the lowdb ÷ MemoryStorage target. */
function storeAlone({ echo: alone, echoLowdb: onLowdb }: FloorPass, m: Cpu, l: Cpu): string | undefined {
  if (alone.cpuAllMs === undefined || onLowdb.cpuMainMs === undefined || onLowdb.cpuAllMs === undefined || alone.cpuMainMs === undefined) return undefined;
  const store = onLowdb.cpuAllMs - alone.cpuAllMs;
  const poolPart = onLowdb.cpuPoolMs !== undefined && alone.cpuPoolMs !== undefined ? `, ${f2(onLowdb.cpuPoolMs - alone.cpuPoolMs)} in libuv's pool` : '';
  const allowed = (m.all * 3) / 7;
  const cost =
    store < MEASURABLE_MS
      ? 'no measurable CPU time per turn more.'
      : `${f2(store)} ms more CPU time per turn (${f2(onLowdb.cpuMainMs - alone.cpuMainMs)} on the main thread${poolPart}). ` +
        `A lowdb ÷ MemoryStorage ratio of 0.7 allows the store ${f2(allowed)} ms per turn on top of the assistant's ${f2(m.all)} (by CPU per turn, which the turns/s follow); the store alone cost the echo bot ${store > allowed ? 'more than that: with this file system the store\'s own cost, measured without the assistant, is the floor of this target' : 'less than that'}. ` +
        `Were the store to cost the assistant what it costs the echo, the ratio would be about ${f2(m.all)} ÷ (${f2(m.all)} + ${f2(store)}) = ${f2(m.all / (m.all + store))}, against ${f2(m.all / l.all)} measured: an estimate, as the echo writes at its own rate and the file system's work per write grows with the rate.`;
  return `- *The store alone.* In the floor pass, the echo bot on the default store served ${f2(onLowdb.turnsPerSecond / alone.turnsPerSecond)} times the turns/s of the echo bot on MemoryStorage (${onLowdb.turnsPerSecond.toFixed(0)} against ${alone.turnsPerSecond.toFixed(0)}), with a p99 of ${onLowdb.p99.toFixed(1)} ms against ${alone.p99.toFixed(1)} (${f2(onLowdb.p99 / alone.p99)} times), and used ${cost}`;
}

/** The p99 of the echo bot with the engine on the default store against the echo alone (floor pass): over 2, the target's measured floor; `assistant` is the target's ratio (section 1). */
function p99Floor({ echo, echoLowdb, engineLowdb }: FloorPass, assistant: number): string {
  const store = echoLowdb.p99 / echo.p99;
  const least = engineLowdb.p99 / echo.p99;
  const text = `In the floor pass the store alone gave the echo bot ${f2(store)} times its p99, and the echo bot with the engine on the default store had ${f2(least)} times it (${engineLowdb.p99.toFixed(1)} ms)`;
  return least > 2
    ? `${text}: a bot that does the least an assistant with this engine does is over 2 on this store already, the measured floor of this target${assistant > least ? `; the assistant's dialog around the engine takes it from there to ${f2(assistant)}` : ''}.`
    : `${text}: under 2, so what takes the assistant to ${f2(assistant)} is the dialog around the engine, not the engine and the store.`;
}
