// What `npm run bench` prints (a plain table) and writes (BENCHMARKS.md with two SVG charts).
import { explainFloors } from './benchFloors.ts';
import type { EngineReplay } from './decisionTiming.ts';
import { at, judgeTargets } from './benchTargets.ts';
import { CONTROLS, TARGETS, type Bot } from './httpSection.ts';
import type { LoadResult } from './httpLoad.ts';
import type { BenchResults } from './runBench.ts';
import { TRANSCRIPT_LINES_KEPT } from '../dialogs/diagnosisDialog.ts';
import { lineChart } from './svgChart.ts';

const f1 = (n: number): string => n.toFixed(1);
const f2 = (n: number): string => n.toFixed(2);
const row = (cells: Array<string | number>): string => `| ${cells.join(' | ')} |`;

const tableLine = (bot: string, concurrency: number, m: LoadResult): string =>
  `${bot.padEnd(24)} ${String(concurrency).padStart(4)} ${f1(m.turnsPerSecond).padStart(8)} ${f1(m.p50).padStart(8)} ${f1(m.p95).padStart(8)} ${f1(m.p99).padStart(8)} ${String(m.errors).padStart(7)}`;

/** What each control of section 1 is, for the document. */
const CONTROL_TEXT: Record<(typeof CONTROLS)[number], string> = {
  'echo-engine': 'echo-engine is the echo bot that also runs the diagnosis engine on every message (its session kept as the assistant keeps its state; nothing rendered, no transcript, no dialog): the least an assistant with this engine does per turn.',
  'echo-dialog': `echo-dialog is the echo bot as a botbuilder-dialogs dialog, run as the assistant runs its own (the same dialog set and dialog contexts, the same state class saving eTag-checked), on the same store, keeping a transcript as the assistant does (the person's words and a reply per message, the newest ${TRANSCRIPT_LINES_KEPT} lines); nothing understood, nothing rendered, and less kept than the assistant keeps: what botbuilder's dialogs and a stored conversation cost a dialog bot built this way, at least.`,
  'assistant-tmpfs': "assistant-tmpfs is the assistant on lowdb with DATA_DIR on tmpfs: the same store code without a disk, so what assistant-lowdb costs more is the disk's file system's own work.",
};

/** The bots a run measured: the targets, then the controls it has (older results and machines without tmpfs lack some). */
export function botsOf(r: BenchResults): Bot[] {
  return [...TARGETS, ...CONTROLS.filter((c) => r.http[c] !== undefined)];
}

/** The terminal table: HTTP figures, storage growth, memory, start-up, diagnosis and the targets. */
export function renderTable(r: BenchResults): string {
  const lines = ['bot                      conc  turns/s   p50 ms   p95 ms   p99 ms  errors'];
  for (const bot of botsOf(r)) {
    for (const { concurrency, median: m } of r.http[bot] ?? []) lines.push(tableLine(bot, concurrency, m));
  }
  lines.push('', 'stored conversations  turn mean ms  turn p50 ms  store read+write ms');
  for (const g of r.growth) lines.push(`${String(g.stored).padStart(20)} ${f2(g.turnMeanMs).padStart(13)} ${f2(g.turnP50Ms).padStart(12)} ${f2(g.storeMeanMs).padStart(19)}`);
  lines.push('', `RSS idle ${f1(r.memory.idleMb)} MB, with ${r.memory.conversations} active conversations ${f1(r.memory.activeMb)} MB`);
  lines.push(`start-up to /healthz ready: ${r.startupMs.map((ms) => `${ms.toFixed(0)} ms`).join(', ')}`);
  lines.push(`diagnosis: ${r.diagnosis.decisions} decisions, mean ${f2(r.diagnosis.meanMs)} ms, p50 ${f2(r.diagnosis.p50Ms)} ms, p99 ${f2(r.diagnosis.p99Ms)} ms; effort ratio ${f2(r.diagnosis.ratio)}`);
  lines.push('', 'targets:');
  for (const v of judgeTargets(r)) lines.push(`  ${v.holds ? 'HOLDS' : 'MISSED'}  ${v.target}: ${v.text} (${v.limit})`);
  return lines.join('\n');
}

export type Charts = { latency: string; growth: string };

/** The two charts: latency against concurrency (p50 and p99 per bot) and per-turn time against stored conversations. */
export function renderCharts(r: BenchResults): Charts {
  const latency = lineChart({
    title: 'Latency against concurrency (median of runs)',
    xLabel: 'conversations in flight',
    yLabel: 'ms',
    series: botsOf(r).flatMap((t, colour) => [
      { name: `${t} p99`, colour, points: (r.http[t] ?? []).map((x): [number, number] => [x.concurrency, x.median.p99]) },
      { name: `${t} p50`, colour, dashed: true, points: (r.http[t] ?? []).map((x): [number, number] => [x.concurrency, x.median.p50]) },
    ]),
  });
  const growth = lineChart({
    title: 'Per-turn time against stored conversations (lowdb)',
    xLabel: 'stored conversations',
    yLabel: 'ms per turn',
    series: [
      { name: 'turn, mean', points: r.growth.map((g): [number, number] => [g.stored, g.turnMeanMs]) },
      { name: 'turn, p50', dashed: true, points: r.growth.map((g): [number, number] => [g.stored, g.turnP50Ms]) },
      { name: 'store read+write', points: r.growth.map((g): [number, number] => [g.stored, g.storeMeanMs]) },
    ],
  });
  return { latency, growth };
}

/** BENCHMARKS.md: figures, machine, versions, chart links, targets (with `before` beside them when given) and notes. */
export function renderMarkdown(r: BenchResults, charts: { latency: string; growth: string }, before?: BenchResults, notes?: string): string {
  const e = r.environment;
  const out = [
    '# Benchmarks',
    '',
    r.smoke ? '**SMOKE RUN: sizes too small for the figures to mean anything.**\n' : '',
    `Written by \`npm run bench\` on ${e.date}. Machine: ${e.cpu}, ${e.cores} cores, ${e.memoryGb} GB, ${e.os}; load average at the start ${e.loadAverage.join(' / ')}.`,
    `Versions: ${Object.entries(e.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.${r.label ? ` Code: ${r.label}.` : ''}`,
    ...(before ? ['', `**Before** columns: the run of ${before.environment.date}${before.label ? ` (${before.label})` : ''}, load average at its start ${before.environment.loadAverage.join(' / ')}.`] : []),
    '',
    'Every bot runs in its own process on loopback; the load generator (node:http with keep-alive, expectReplies, as botsim `load`) shares the machine\'s cores with it.',
    `Traffic: simulated people whose causes follow the knowledge's priors describe their error, answer the questions and confirm the fix (${f1(r.turnsPerConversation)} messages a conversation on average; a conversationUpdate first, not counted).`,
    '',
    '## Targets',
    '',
    row(['target', 'limit', ...(before ? ['before'] : []), 'now', '']),
    row(['---', '---', ...(before ? ['---'] : []), '---', '---']),
    ...judgeTargets(r).map((v, i) => row([v.target, v.limit, ...(before ? [judgeTargets(before)[i]?.text ?? ''] : []), v.text, v.holds ? 'holds' : '**missed**'])),
    '',
    ...explainFloors(r),
    '## 1. Full stack over HTTP',
    '',
    'Each figure is the median of the repeated runs; the bots take turns run by run, after a warm-up of each. CPU: the bot process\'s CPU time per message turn (its share of the conversationUpdate included), main thread / all threads.',
    ...(botsOf(r).length > TARGETS.length ? ['', `Controls, in the same rotation on the same people: ${CONTROLS.filter((c) => r.http[c] !== undefined).map((c) => CONTROL_TEXT[c]).join(' ')}`] : []),
    '',
    row(['bot', 'concurrency', 'turns/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'CPU ms/turn', ...(before ? ['before: turns/s', 'before: p99 ms'] : [])]),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', ...(before ? ['---:', '---:'] : [])]),
    ...botsOf(r).flatMap((t) =>
      (r.http[t] ?? []).map(({ concurrency, median: m }) => {
        const old = before ? at(before, t, concurrency) : undefined;
        const cpu = m.cpuMainMs !== undefined && m.cpuAllMs !== undefined ? `${f2(m.cpuMainMs)} / ${f2(m.cpuAllMs)}` : '';
        return row([t, concurrency, f1(m.turnsPerSecond), f1(m.p50), f1(m.p95), f1(m.p99), m.errors, cpu, ...(before ? [old ? f1(old.turnsPerSecond) : '', old ? f1(old.p99) : ''] : [])]);
      }),
    ),
    '',
    `![Latency against concurrency](${charts.latency})`,
    '',
    '## 2. Storage growth (default store)',
    '',
    'One turn at a time in process (the turn\'s own cost), with the stored conversations on disk; "store" is a read and a write of one conversation\'s state alone: the file system\'s floor.',
    '',
    row(['stored conversations', 'turn mean ms', 'turn p50 ms', 'store read+write ms', ...(before ? ['before: turn mean ms'] : [])]),
    row(['---:', '---:', '---:', '---:', ...(before ? ['---:'] : [])]),
    ...r.growth.map((g, i) => row([g.stored, f2(g.turnMeanMs), f2(g.turnP50Ms), f2(g.storeMeanMs), ...(before ? [before.growth[i] ? f2(before.growth[i].turnMeanMs) : ''] : [])])),
    '',
    ...(r.storeOps && r.fileSystem
      ? [
          `A message turn of the traffic reads ${f2(r.storeOps.readsPerTurn)} stored items and writes ${f2(r.storeOps.writesPerTurn)} (its conversation's state, and a hand-off's case and queue when there is one; learning outcomes are stored together once a second). The CPU time of those file operations themselves (user + system, synchronous calls in the store's file system, ${(r.fileSystem.bytes / 1024).toFixed(1)} KB files): create, write and close a temp file ${f2(r.fileSystem.createWriteCloseMs)} ms, rename it over the old file ${f2(r.fileSystem.renameMs)} ms, read a file ${f2(r.fileSystem.readMs)} ms.`,
          '',
        ]
      : []),
    `![Per-turn time against stored conversations](${charts.growth})`,
    '',
    '## 3. Memory',
    '',
    `RSS of the assistant on its default store: ${f1(r.memory.idleMb)} MB idle after start-up, ${f1(r.memory.activeMb)} MB with ${r.memory.conversations} conversations mid-diagnosis (opening and one answer each; ${r.memory.errors} errors). After the HTTP runs of section 1: ${botsOf(r).map((t) => `${t} ${f1(r.httpRssMb[t] ?? Number.NaN)} MB`).join(', ')} (the echo bot's is what botbuilder and restify take by themselves).${before ? ` Before: ${f1(before.memory.activeMb)} MB.` : ''}`,
    '',
    '## 4. Start-up',
    '',
    `Process start to the first 200 from \`/healthz\` (knowledge and language model loaded, default store); the first start has an empty compile cache (as after an install), the others are restarts: ${r.startupMs.map((ms) => `${ms.toFixed(0)} ms`).join(', ')}.${before ? ` Before: ${before.startupMs.map((ms) => `${ms.toFixed(0)} ms`).join(', ')}.` : ''}${r.echoStartupMs ? ` The echo bot (botbuilder and restify alone) after each: ${r.echoStartupMs.map((ms) => `${ms.toFixed(0)} ms`).join(', ')}.` : ''}`,
    '',
    '## 5. Diagnosis',
    '',
    ...(r.engineMsPerMessage !== undefined
      ? [
          `On the HTTP traffic of section 1 the engine alone takes ${f2(r.engineMsPerMessage)} ms per message (in process, warm, each of its distinct people played once by a diagnoser that had remembered nothing${r.decisionsRemembered !== undefined && r.messagesRemembered !== undefined ? `; ${(100 * r.messagesRemembered).toFixed(0)} % of the messages and ${(100 * r.decisionsRemembered).toFixed(0)} % of the decisions were found remembered from a person before: the same short answer, the same state` : ''}).`,
          '',
        ]
      : []),
    ...(r.engineReplay && r.engineReplay.messages > 0 ? [replayText(r.engineReplay), ''] : []),
    `Time per engine decision search (one \`step\`, nothing remembered), over ${r.diagnosis.decisions} decisions: mean ${f2(r.diagnosis.meanMs)} ms, p50 ${f2(r.diagnosis.p50Ms)} ms, p99 ${f2(r.diagnosis.p99Ms)} ms.${before ? ` Before: mean ${f2(before.diagnosis.meanMs)} ms, p99 ${f2(before.diagnosis.p99Ms)} ms.` : ''}`,
    '',
    '```',
    ...r.diagnosis.effortLines,
    '```',
    ...(notes ? ['', notes.trim()] : []),
    '',
  ];
  return out.join('\n');
}

/** Section 5's replay of the engine: back to back against idle before each message (decisionTiming.ts). */
export function replayText(replay: EngineReplay): string {
  return (
    `Replayed on the messages of section 1's first ${replay.conversations} people (${replay.messages} messages), four times, each by a diagnoser that had remembered nothing (wall-clock in process, the waits left out, two passes of each way in the order ABBA): ${f2(replay.backToBackMs)} ms per message back to back, ` +
    `${f2(replay.afterIdleMs)} ms with the event loop idle for ${replay.idleMs} ms before each message (${f2(replay.afterIdleMs / replay.backToBackMs)} times), as a bot process is between requests: the same work, with less of what it uses still in the processor's caches, most likely.`
  );
}
