// The diagnosis section of `npm run bench`: answers per cause for simulated people answering as the
// knowledge's likelihoods say, against the prior's entropy, and the time of every decision. (People's
// effort in wrong fixes and minutes is `npm run bench:diagnosis`.)
import { setTimeout } from 'node:timers/promises';
import { createDiagnoser } from '../dialogs/diagnosis/diagnoser.ts';
import { transition } from '../dialogs/diagnosis/engine.ts';
import type { Knowledge } from '../dialogs/diagnosis/knowledgeTypes.ts';
import { errorLikelihoods } from '../dialogs/diagnosis/model/posterior.ts';
import { newSession } from '../dialogs/diagnosis/session.ts';
import { converse, GENERIC_OPENING, rng, type Person } from './simulatedPerson.ts';

export type EffortRow = { causeId: string; weight: number; answers: number; solvedShare: number };
export type Effort = { runs: number; rows: EffortRow[]; expected: number; entropy: number; solved: number; ratio: number; decisionsMs: number[] };

/**
 * Plays `runs` simulated people per cause through the engine; the effort table and every decision's time.
 * The diagnoser remembers no decisions, so each time is the decision search's own.
 */
export function measureEffort(knowledge: Knowledge, runs: number): Effort {
  const decisionsMs: number[] = [];
  const person: Person = { knowledge, diagnoser: createDiagnoser(knowledge, undefined, 0), reports: errorLikelihoods(knowledge), random: rng(20261122), onDecision: (ms) => decisionsMs.push(ms) };
  const totalPrior = knowledge.causes.reduce((sum, c) => sum + c.prior, 0);
  const entropy = -knowledge.causes.reduce((sum, c) => sum + (c.prior / totalPrior) * Math.log2(c.prior / totalPrior), 0);
  const rows = knowledge.causes.map((cause): EffortRow => {
    let answers = 0;
    let solved = 0;
    for (let run = 0; run < runs; run += 1) {
      const result = converse(person, cause.id, GENERIC_OPENING);
      answers += result.turns;
      if (result.solved) solved += 1;
    }
    return { causeId: cause.id, weight: cause.prior / totalPrior, answers: answers / runs, solvedShare: solved / runs };
  });
  const expected = rows.reduce((sum, r) => sum + r.weight * r.answers, 0);
  const solved = rows.reduce((sum, r) => sum + r.weight * r.solvedShare, 0);
  return { runs, rows, expected, entropy, solved, ratio: expected / entropy, decisionsMs };
}

/** The effort table as printed lines. */
export function formatEffort(effort: Effort, release: string): string[] {
  return [
    `diagnosis benchmark: ${effort.runs} simulated people per cause, answers drawn from the knowledge (release ${release})`,
    'cause                              prior  answers  solved',
    ...effort.rows.map((r) => `${r.causeId.padEnd(34)} ${r.weight.toFixed(3)}  ${r.answers.toFixed(2).padStart(7)}  ${(100 * r.solvedShare).toFixed(0).padStart(5)}%`),
    `expected answers (prior-weighted) ${effort.expected.toFixed(2)}; entropy of the prior ${effort.entropy.toFixed(2)} bits; solved ${(100 * effort.solved).toFixed(1)}%`,
    `ratio ${effort.ratio.toFixed(2)} (target <= 1.2)`,
  ];
}

/** The engine's time per message on the same conversations, back to back and with the event loop idle before each message. */
export type EngineReplay = { conversations: number; messages: number; backToBackMs: number; afterIdleMs: number; idleMs: number };

export type ReplayOptions = {
  /** How long the event loop idles before each message of the idle passes. */
  idleMs?: number;
  /** Waits `ms` (timers/promises' setTimeout; a test counts the calls). */
  sleep?: (ms: number) => Promise<unknown>;
  /** The clock each `transition` is timed with (performance.now; a test steps it). */
  now?: () => number;
  progress?: (line: string) => void;
};

/** The replay's passes in order: each way follows the other as often, and each pass's garbage may be collected during the next. */
export const REPLAY_PASSES = ['back to back', 'idle', 'idle', 'back to back'] as const;

/**
 * Plays the conversations' messages through the engine in the passes of REPLAY_PASSES, each by a fresh
 * diagnoser that has remembered nothing: back to back, or with the event loop idle for `idleMs` before each
 * message (as a bot process is between requests). Wall-clock time in process of each `transition`, the
 * waits left out; per message, averaged over the passes of each way. (Interleaving the two ways
 * conversation by conversation instead makes "back to back" follow the other diagnoser's work, which is
 * what it leaves out.)
 */
export async function replayEngine(knowledge: Knowledge, scripts: readonly string[][], options: ReplayOptions = {}): Promise<EngineReplay> {
  const { idleMs = 1, sleep = (ms: number) => setTimeout(ms), now = () => performance.now(), progress } = options;
  const play = async (idle: number): Promise<number> => {
    const diagnoser = createDiagnoser(knowledge);
    let ms = 0;
    for (const [i, texts] of scripts.entries()) {
      let session = newSession();
      for (const text of texts) {
        if (idle > 0) await sleep(idle);
        const started = now();
        session = transition(diagnoser, session, { kind: 'message', input: { text } }).session;
        ms += now() - started;
      }
      if (i % 100 === 99) progress?.(`engine replay ${idle > 0 ? `after ${idle} ms idle` : 'back to back'}: ${i + 1}/${scripts.length} conversations`);
    }
    return ms;
  };
  const totals = { 'back to back': { ms: 0, passes: 0 }, idle: { ms: 0, passes: 0 } };
  for (const [i, way] of REPLAY_PASSES.entries()) {
    progress?.(`engine replay, pass ${i + 1}/${REPLAY_PASSES.length}: ${way}`);
    totals[way].ms += await play(way === 'idle' ? idleMs : 0);
    totals[way].passes += 1;
  }
  const messages = scripts.reduce((sum, texts) => sum + texts.length, 0);
  const perMessage = ({ ms, passes }: { ms: number; passes: number }): number => ms / Math.max(1, passes * messages);
  return { conversations: scripts.length, messages, backToBackMs: perMessage(totals['back to back']), afterIdleMs: perMessage(totals.idle), idleMs };
}
