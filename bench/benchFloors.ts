// "Where a turn's time goes": the measured parts of a turn's cost behind the ratio targets, worked out from
// one run's figures (CPU time per turn of each bot in section 1, the engine's own time in section 5, the
// store's calls and the CPU time of the file operations themselves in section 2, and section 1's controls:
// the echo bot with the engine, the echo bot as a dialog, the assistant on tmpfs), so the document's floor is this run's, not prose.
import { at } from './benchTargets.ts';
import type { LoadResult } from './httpLoad.ts';
import type { EngineReplay } from './decisionTiming.ts';
import type { BenchResults } from './runBench.ts';

const f2 = (n: number): string => n.toFixed(2);
const f3 = (n: number): string => n.toFixed(3);

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
        (r.engineReplay && r.engineReplay.messages > 0
          ? ` (with the times of section 5's replay of the engine: ${f2(e.main / (e.main + r.engineReplay.backToBackMs))} back to back, ${f2(e.main / (e.main + r.engineReplay.afterIdleMs))} with the event loop idle before each message)`
          : '') +
        // Judged on the figures as printed, so the sentence never contradicts them.
        (Number(f2(ceiling)) < 0.8 ? `; 0.8 allows the assistant ${f2(e.main / 4)} ms per turn on top of the echo's, less than the engine alone.` : '.') +
        ` The rest, ${f2(rest)} ms, is what the engine costs in a bot process beyond its time in process (its session's load, check and save, the collections of a heap that holds the knowledge${at(r, 'echo-engine', 16) ? ': the echo bot with the engine, below, measures it' : ''}) and the dialog around the engine (the transcript, rendering, botbuilder-dialogs' dialog context, the turn pipeline's duties${at(r, 'echo-dialog', 16) ? '; the echo bot as a dialog, below, measures what botbuilder-dialogs and a stored conversation take of it' : ''}).`,
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
  const engineBot = at(r, 'echo-engine', 16);
  const dialogBot = at(r, 'echo-dialog', 16);
  const tmpfs = at(r, 'assistant-tmpfs', 16);
  if (dialogBot) lines.push(dialogFloor(echo, dialogBot, engine));
  if (engineBot) lines.push(engineLimit(echo, engineBot, memory, r.engineReplay));
  if (tmpfs) lines.push(diskShare(memory, lowdb, tmpfs));
  lines.push(
    `- *p99 at concurrency 16.* A turn waits behind the other 15 in flight, so latency follows the whole process's time per turn: the assistant on lowdb uses ${f2(l.all / e.all)} times the echo's CPU per turn (p99 ${f2(lowdb.p99 / echo.p99)} times), on MemoryStorage ${f2(m.all / e.all)} times (p99 ${f2(memory.p99 / echo.p99)} times). ` +
      `The ratio is the store's factor (lowdb p99 ÷ MemoryStorage p99, ${f2(lowdb.p99 / memory.p99)}) times the assistant's own (MemoryStorage p99 ÷ echo p99, ${f2(memory.p99 / echo.p99)}); with the store's factor as measured, 2 needs the assistant on MemoryStorage within ${f2((2 * memory.p99) / lowdb.p99)} times the echo's p99.` +
      (dialogBot ? ` The echo bot as a dialog has ${f2(dialogBot.p99 / echo.p99)} times the echo's p99.` : '') +
      (engineBot ? ` The echo bot with the engine has ${f2(engineBot.p99 / echo.p99)} times the echo's p99.` : '') +
      (tmpfs ? ` ${p99WithoutDisk(echo, lowdb, tmpfs)}` : ''),
    '',
  );
  return lines;
}

const cpuText = (m: LoadResult): string => (m.cpuMainMs !== undefined ? `, ${f2(m.cpuMainMs)} ms of main thread per turn` : '');

/**
 * The echo bot as a botbuilder-dialogs dialog (a control): what a dialog bot that keeps its conversation pays
 * per turn before it understands anything, against what 0.8 leaves the assistant on top of the echo.
 */
function dialogFloor(echo: LoadResult, dialog: LoadResult, engineMs: number | undefined): string {
  let share = '';
  if (dialog.cpuMainMs !== undefined && echo.cpuMainMs !== undefined) {
    // Worked out from the figures as printed, so they never disagree in their last digit.
    const allowed = Number(f3(echo.cpuMainMs / 4));
    const used = Number(f3(dialog.cpuMainMs - echo.cpuMainMs));
    const left = allowed - used;
    const what = "(botbuilder-dialogs' dialog context and stack; a larger state read, checked for changes and saved eTag-checked, with MemoryStorage's copies and its eTag comparison)";
    const rest = (ms: number): string =>
      `${f3(ms)} ms per turn to understand the message, choose the next step and render it` +
      (engineMs !== undefined ? `; this engine's understanding and decision alone take ${f3(engineMs)} ms per message (section 5, in process).` : '.');
    share =
      used <= 0
        ? ` Its main thread per turn is no more than the echo's ${what} in this run: all of the ${f3(allowed)} ms that 0.8 allows on top of the echo's is left, ${rest(allowed)}`
        : left <= 0
          ? ` Its ${f3(used)} ms of main thread per turn over the echo's ${what} are all of the ${f3(allowed)} ms that 0.8 allows on top of the echo's, or more: by main-thread time, nothing is left to understand a message.`
          : ` Its ${f3(used)} ms of main thread per turn over the echo's ${what} are ${((100 * used) / allowed).toFixed(0)} % of the ${f3(allowed)} ms that 0.8 allows on top of the echo's, leaving ${rest(left)}`;
  }
  return (
    `- *A dialog bot's floor.* The echo bot as a botbuilder-dialogs dialog (a control in the same rotation, on the same people: the assistant's dialog set and dialog contexts, its state class saving eTag-checked to its memory store, a transcript kept as the assistant keeps it; nothing understood, nothing rendered) serves ${f2(dialog.turnsPerSecond / echo.turnsPerSecond)} times the echo's turns/s (${dialog.turnsPerSecond.toFixed(0)} against ${echo.turnsPerSecond.toFixed(0)}` +
    (dialog.cpuMainMs !== undefined && echo.cpuMainMs !== undefined ? `${cpuText(dialog)} against ${f2(echo.cpuMainMs)}` : '') +
    `).` +
    share
  );
}

/** The echo bot with the engine (a control in section 1's rotation): what the engine alone takes from the assistant ÷ echo ratio. */
function engineLimit(echo: LoadResult, engine: LoadResult, memory: LoadResult, replay?: EngineReplay): string {
  const ratio = engine.turnsPerSecond / echo.turnsPerSecond;
  let replayed = '';
  if (replay && engine.cpuMainMs !== undefined && echo.cpuMainMs !== undefined) {
    const extra = engine.cpuMainMs - echo.cpuMainMs;
    // CPU time of the process (/proc) against wall-clock time in process: compared, not equated.
    // A busy host or a smoke-sized run can give the engine bot less main thread than the echo's: say so, not "-1.11 ms over".
    replayed =
      extra <= 0
        ? ` It used no more main thread per turn than the echo (${f2(extra)} ms), so this run cannot set it beside the engine's ${f2(replay.backToBackMs)} ms per message in process (section 5).`
        : ` Its ${f2(extra)} ms of main thread per turn over the echo's (the engine, its session's load and save, their garbage) ` +
          `are ${extra > replay.backToBackMs ? 'more' : 'no more'} than the engine takes in process back to back (${f2(replay.backToBackMs)} ms per message, section 5; ${f2(replay.afterIdleMs)} ms with the event loop idle before each message).`;
  }
  const cpu = engine.cpuMainMs !== undefined && echo.cpuMainMs !== undefined ? `${cpuText(engine)} against ${f2(echo.cpuMainMs)}` : '';
  return (
    `- *The engine's own cost.* The echo bot that also runs the diagnosis engine on every message (a control in the same rotation, on the same people; its session kept as the assistant keeps its state; nothing rendered, no transcript, no dialog) serves ${f2(ratio)} times the echo's turns/s (${engine.turnsPerSecond.toFixed(0)} against ${echo.turnsPerSecond.toFixed(0)}${cpu}), and the assistant ${f2(memory.turnsPerSecond / engine.turnsPerSecond)} times that bot's` +
    (ratio < 0.8
      ? `: under 0.8 before any of the dialog around the engine. That part of the miss is the engine's own cost in a bot process, the project's code and not botbuilder's or the file system's: a limit of this engine that only a cheaper engine would move.`
      : `: the engine alone leaves room for 0.8, so the dialog around it is what misses.`) +
    replayed
  );
}

/** The assistant on tmpfs (a control): how much of the default store's cost is the disk's file system's own work. */
function diskShare(memory: LoadResult, lowdb: LoadResult, tmpfs: LoadResult): string {
  const ratio = tmpfs.turnsPerSecond / memory.turnsPerSecond;
  const pool = tmpfs.cpuPoolMs !== undefined && lowdb.cpuPoolMs !== undefined ? ` (libuv's pool ${f2(tmpfs.cpuPoolMs)} ms per turn against ${f2(lowdb.cpuPoolMs)} on the disk)` : '';
  return (
    `- *The disk's share.* The same assistant with DATA_DIR on tmpfs (a control in the same rotation: the same lowdb code, a file system in memory) serves ${f2(ratio)} times MemoryStorage's turns/s${cpuText(tmpfs)}${pool}; on the disk it serves ${f2(lowdb.turnsPerSecond / tmpfs.turnsPerSecond)} times what it serves on tmpfs` +
    (ratio >= 0.7
      ? `. Without the disk the target holds: what takes the default store under 0.7 is this disk's file system's own work, measured.`
      : `. Under 0.7 without the disk as well: the store's own code on the main thread (lowdb and steno's asynchronous writes, the synchronous read) costs more than 0.7 allows, not only the disk.`)
  );
}

/** The p99 target without the disk (the tmpfs control): which side of 2 the assistant is when the file system costs nothing to speak of. */
function p99WithoutDisk(echo: LoadResult, lowdb: LoadResult, tmpfs: LoadResult): string {
  const without = tmpfs.p99 / echo.p99;
  return (
    `On tmpfs the assistant on lowdb has ${f2(without)} times the echo's p99, the disk multiplying it by ${f2(lowdb.p99 / tmpfs.p99)}` +
    (without <= 2
      ? `: at or under 2 without the disk, so this disk's file system's own work is what takes the default store over 2.`
      : `: over 2 without the disk as well, so the assistant's own work (the engine and the dialog around it) is what misses this target; the disk adds to it.`)
  );
}
