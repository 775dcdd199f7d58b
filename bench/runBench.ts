// The five measurements of `npm run bench`, in order, with their sizes (full run or CI smoke run).
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadKnowledge } from '../bot/loadKnowledge.ts';
import { createDiagnoser } from '../dialogs/diagnosis/diagnoser.ts';
import { shareRemembered } from '../dialogs/diagnosis/memo.ts';
import { formatEffort, measureEffort, replayEngine, type EngineReplay } from './decisionTiming.ts';
import { percentile } from './httpLoad.ts';
import { measureHttp, measureMemory, measureStartup, scriptsNeeded, sectionOneBots, type Control, type HttpSizes, type MemoryFigures, type Progress, type Target, type TargetFigures } from './httpSection.ts';
import { measureGrowth, type FileSystemFloor, type GrowthRow, type StoreOps } from './storageGrowth.ts';
import { conversationScripts } from './traffic.ts';

export type BenchSizes = {
  /** Distinct simulated people at least (section 1 asks for one per conversation it runs: scriptsNeeded). */
  scripts: number;
  http: HttpSizes;
  growth: { sizes: number[]; conversations: number };
  activeConversations: number;
  startupRepeats: number;
  diagnosisRuns: number;
  /** Section 1's first people whose messages the engine replays in section 5 (back to back, then after idling). */
  engineReplay: number;
};

export const FULL: BenchSizes = {
  scripts: 500,
  http: { warmup: 600, conversations: 300, concurrencies: [1, 16, 64], repeats: 3 },
  growth: { sizes: [1_000, 10_000, 100_000], conversations: 150 },
  activeConversations: 10_000,
  startupRepeats: 3,
  diagnosisRuns: 200,
  engineReplay: 1_000,
};

/** A few seconds: every section runs end to end; the figures mean nothing. */
export const SMOKE: BenchSizes = {
  scripts: 20,
  http: { warmup: 5, conversations: 10, concurrencies: [1, 16, 64], repeats: 1 },
  growth: { sizes: [10, 100], conversations: 5 },
  activeConversations: 20,
  startupRepeats: 1,
  diagnosisRuns: 2,
  engineReplay: 10,
};

export type Environment = { date: string; cpu: string; cores: number; memoryGb: number; os: string; loadAverage: number[]; versions: Record<string, string> };
export type DiagnosisFigures = { decisions: number; meanMs: number; p50Ms: number; p99Ms: number; ratio: number; effortLines: string[] };
export type BenchResults = {
  smoke: boolean;
  /** What was measured (--label), e.g. the commit. */
  label?: string;
  environment: Environment;
  /** Mean turns a conversation of the traffic has (opening included). */
  turnsPerConversation: number;
  /** The diagnosis engine's own time (language and decision, one `transition`) per message of that traffic that needs one, in process, ms. */
  engineMsPerMessage?: number;
  /** The engine replayed on section 1's first people: back to back, and with the process idle before each message. */
  engineReplay?: EngineReplay;
  /** Of the decisions made while playing that traffic once, the share found remembered (see diagnoser.ts). */
  decisionsRemembered?: number;
  /** Likewise for the messages' understanding (short texts only are kept). */
  messagesRemembered?: number;
  /** The targets' bots, and the controls (CONTROLS) that were run: results saved before them, or a machine without tmpfs, lack some. */
  http: Record<Target, TargetFigures[]> & Partial<Record<Control, TargetFigures[]>>;
  /** RSS of each bot after its HTTP runs (the echo bot's is botbuilder's and restify's own), MB. */
  httpRssMb: Record<Target, number> & Partial<Record<Control, number>>;
  growth: GrowthRow[];
  /** Store calls per turn on the default store, and the CPU time of those file operations themselves (section 2). */
  storeOps?: StoreOps;
  fileSystem?: FileSystemFloor;
  memory: MemoryFigures;
  startupMs: number[];
  /** The echo bot's start-up (botbuilder and restify alone), same conditions. */
  echoStartupMs?: number[];
  diagnosis: DiagnosisFigures;
};

/** Runs every section; `progress` gets one short line at a time (section number first). */
export async function runBench(sizes: BenchSizes, smoke: boolean, progress: Progress): Promise<BenchResults> {
  const environment = await describeEnvironment();
  const loaded = await loadKnowledge();
  const people = Math.max(sizes.scripts, scriptsNeeded(sizes.http));
  // A first play warms the JIT; the people of section 1 are played once more below, timed.
  conversationScripts(loaded.knowledge, sizes.scripts);
  // Played again, warm, to time the engine alone on exactly the messages the HTTP runs send, by a diagnoser
  // that has remembered no decisions yet: these distinct people find what the ones before them decided.
  const engine: number[] = [];
  const diagnoser = createDiagnoser(loaded.knowledge);
  const scripts = conversationScripts(loaded.knowledge, people, undefined, (ms) => engine.push(ms), diagnoser);
  const section = (n: number, name: string): Progress => (line) => progress(`[${n}/5 ${name}] ${line}`);
  const { figures: http, rssMb: httpRssMb } = await measureHttp(scripts, sizes.http, section(1, 'HTTP'), await sectionOneBots());
  const { rows: growth, ops: storeOps, fileSystem } = await measureGrowth(loaded, scripts, sizes.growth.sizes, sizes.growth.conversations, section(2, 'storage growth'));
  const memory = await measureMemory(scripts, sizes.activeConversations, section(3, 'memory'));
  const { assistant: startupMs, echo: echoStartupMs } = await measureStartup(sizes.startupRepeats, section(4, 'start-up'));
  const engineReplay = await replayEngine(loaded.knowledge, scripts.slice(0, sizes.engineReplay), { progress: section(5, 'diagnosis') });
  section(5, 'diagnosis')('simulated people');
  const effort = measureEffort(loaded.knowledge, sizes.diagnosisRuns);
  const decisions = [...effort.decisionsMs].sort((a, b) => a - b);
  return {
    smoke,
    environment,
    turnsPerConversation: scripts.reduce((sum, s) => sum + s.length, 0) / scripts.length,
    engineMsPerMessage: engine.reduce((a, b) => a + b, 0) / Math.max(1, engine.length),
    engineReplay,
    decisionsRemembered: shareRemembered(diagnoser.remembered),
    messagesRemembered: shareRemembered(diagnoser.language.remembered),
    http,
    httpRssMb,
    growth,
    storeOps,
    fileSystem,
    memory,
    startupMs,
    echoStartupMs,
    diagnosis: {
      decisions: decisions.length,
      meanMs: decisions.reduce((a, b) => a + b, 0) / Math.max(1, decisions.length),
      p50Ms: percentile(decisions, 0.5),
      p99Ms: percentile(decisions, 0.99),
      ratio: effort.ratio,
      effortLines: formatEffort(effort, loaded.knowledge.release),
    },
  };
}

async function describeEnvironment(): Promise<Environment> {
  const root = path.resolve(import.meta.dirname, '..');
  const versionOf = async (pkg: string): Promise<string> => {
    const json = JSON.parse(await readFile(path.join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string };
    return json.version;
  };
  const own = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { version: string };
  return {
    date: new Date().toISOString(),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((n) => Math.round(n * 100) / 100),
    versions: {
      assistant: own.version,
      node: process.versions.node,
      botbuilder: await versionOf('botbuilder'),
      restify: await versionOf('restify'),
      lowdb: await versionOf('lowdb'),
      pino: await versionOf('pino'),
    },
  };
}
