// npm run bench:quick [-- --concurrency 16] [--conversations 300] [--repeats 3] [--memory 0] [--startup 0] [--ports 4100-4199]:
// a short comparison run for a change, not a document: section 1 of `npm run bench` at one concurrency (the
// bots alternated, median of the repeats, with the controls) with the ratios the targets use, and optionally RSS with N active
// conversations and start-up (section 3 and 4). Prints the figures and the load average; writes nothing.
import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadKnowledge } from '../bot/loadKnowledge.ts';
import { usePortRange } from './benchProcess.ts';
import { measureHttp, measureMemory, measureStartup, scriptsNeeded, sectionOneBots, TARGETS, type Bot } from './httpSection.ts';
import { conversationScripts } from './traffic.ts';

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '16' },
    conversations: { type: 'string', default: '300' },
    repeats: { type: 'string', default: '3' },
    memory: { type: 'string', default: '0' },
    startup: { type: 'string', default: '0' },
    ports: { type: 'string' },
  },
});
const [portFrom, portTo] = (values.ports ?? '').split('-').map(Number);
if (portFrom && portTo) usePortRange(portFrom, portTo);
const quiet = (): void => undefined;
const load = (): string => os.loadavg().map((n) => n.toFixed(2)).join(' / ');
const concurrency = Number(values.concurrency);
const conversations = Number(values.conversations);
const sizes = { warmup: 300, conversations, concurrencies: [concurrency], repeats: Number(values.repeats) };
const scripts = conversationScripts((await loadKnowledge()).knowledge, Math.max(500, scriptsNeeded(sizes)));
console.log(`load average at the start ${load()}`);
if (conversations > 0) {
  const bots = await sectionOneBots();
  const { figures, rssMb } = await measureHttp(scripts, sizes, quiet, bots);
  const at = (t: Bot) => figures[t]?.[0]?.median;
  for (const target of bots) {
    const m = at(target);
    console.log(`${target.padEnd(17)} c${concurrency}  ${m?.turnsPerSecond.toFixed(1).padStart(7)} turns/s  p50 ${m?.p50.toFixed(1)}  p99 ${m?.p99.toFixed(1)} ms  errors ${m?.errors}${m?.firstError ? ` (${m.firstError})` : ""}  CPU/turn main ${m?.cpuMainMs?.toFixed(2)} pool ${m?.cpuPoolMs?.toFixed(2)} all ${m?.cpuAllMs?.toFixed(2)} ms  RSS ${rssMb[target]?.toFixed(0)} MB`);
  }
  const ratio = (a: number | undefined, b: number | undefined): string => ((a ?? 0) / (b ?? 1)).toFixed(2);
  const [echo, memory, lowdb] = TARGETS.map(at);
  console.log(`main-thread CPU per turn: echo÷assistant ${ratio(echo?.cpuMainMs, memory?.cpuMainMs)}  memory÷lowdb ${ratio(memory?.cpuMainMs, lowdb?.cpuMainMs)}`);
  const [engine, dialog, tmpfs] = (['echo-engine', 'echo-dialog', 'assistant-tmpfs'] as const).map(at);
  console.log(`controls: echo-engine÷echo ${ratio(engine?.turnsPerSecond, echo?.turnsPerSecond)}  echo-dialog÷echo ${ratio(dialog?.turnsPerSecond, echo?.turnsPerSecond)}  tmpfs÷memory ${ratio(tmpfs?.turnsPerSecond, memory?.turnsPerSecond)}  tmpfs p99÷echo p99 ${ratio(tmpfs?.p99, echo?.p99)}`);
  console.log(`assistant÷echo ${ratio(memory?.turnsPerSecond, echo?.turnsPerSecond)}  lowdb÷memory ${ratio(lowdb?.turnsPerSecond, memory?.turnsPerSecond)}  lowdb p99÷memory p99 ${ratio(lowdb?.p99, memory?.p99)}  lowdb p99÷echo p99 ${ratio(lowdb?.p99, echo?.p99)}`);
}
if (Number(values.memory) > 0) {
  const memory = await measureMemory(scripts, Number(values.memory), quiet);
  console.log(`RSS idle ${memory.idleMb.toFixed(0)} MB, with ${memory.conversations} active conversations ${memory.activeMb.toFixed(0)} MB (errors ${memory.errors})`);
}
if (Number(values.startup) > 0) {
  const startup = await measureStartup(Number(values.startup), quiet);
  const ms = (list: number[]): string => list.map((n) => n.toFixed(0)).join(', ');
  console.log(`start-up assistant ${ms(startup.assistant)} ms; echo ${ms(startup.echo)} ms`);
}
console.log(`load average at the end ${load()}`);
