// npm run bench:diagnosis [-- runs]: expected number of answers the diagnosis needs per cause when people
// answer as the knowledge's likelihoods say (including "not sure" at each question's rate), against the
// entropy of the prior (the lower bound in bits for yes/no questions). Target: overall ratio <= 1.2.
import { loadKnowledge } from '../bot/loadKnowledge.ts';
import { createDiagnoser } from '../dialogs/diagnosis/diagnoser.ts';
import type { Knowledge } from '../dialogs/diagnosis/knowledgeTypes.ts';
import { errorLikelihoods } from '../dialogs/diagnosis/model/posterior.ts';
import { newSession, type Session } from '../dialogs/diagnosis/session.ts';
import { step } from '../dialogs/diagnosis/step.ts';

const RUNS = Number(process.argv[2] ?? 200);
const MAX_TURNS = 25;

/** Small seeded PRNG (mulberry32) so every run of the benchmark prints the same figures. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Result = { turns: number; solved: boolean };

function simulate(knowledge: Knowledge, causeId: string, random: () => number, diagnoser: ReturnType<typeof createDiagnoser>, table: Map<string, Map<string, number>>): Result {
  const cause = knowledge.causes.find((c) => c.id === causeId);
  if (!cause) throw new Error(causeId);
  let session: Session = newSession();
  let text = 'remote desktop does not work';
  let turns = 0;
  for (let i = 0; i < MAX_TURNS; i += 1) {
    const result = step(diagnoser, session, { text });
    session = result.session;
    const fix = result.replies.find((r) => r.kind === 'fix');
    const question = result.replies.find((r) => r.kind === 'question');
    if (result.handoff) return { turns, solved: cause.outOfScope };
    if (fix?.kind === 'fix') {
      if (fix.causeIds.includes(causeId)) return { turns, solved: true };
      text = 'no';
    } else if (question?.kind === 'question') {
      const q = knowledge.questions.find((x) => x.id === question.questionId);
      if (!q) throw new Error(question.questionId);
      if (random() < q.unsureRate) text = 'not sure';
      else if (q.kind === 'error-code') text = sampleReport(knowledge, table, causeId, random);
      else text = random() < (cause.evidence[q.id] ?? q.otherwise) ? 'yes' : 'no';
    } else {
      text = 'not sure';
    }
    turns += 1;
  }
  return { turns, solved: false };
}

/** What a person with this cause reports when asked for the code: an entry drawn by P(report | cause). */
function sampleReport(knowledge: Knowledge, table: Map<string, Map<string, number>>, causeId: string, random: () => number): string {
  let r = random();
  for (const [errorId, p] of table.get(causeId) ?? []) {
    r -= p;
    if (r <= 0) {
      const error = knowledge.errors.find((e) => e.id === errorId);
      if (error?.generic) return "I don't have a code";
      return error?.code ? error.code.hex : (error?.messages[0] ?? 'not sure');
    }
  }
  return 'not sure';
}

const { knowledge } = await loadKnowledge();
const diagnoser = createDiagnoser(knowledge);
const table = errorLikelihoods(knowledge);
const totalPrior = knowledge.causes.reduce((sum, c) => sum + c.prior, 0);
const entropy = -knowledge.causes.reduce((sum, c) => sum + (c.prior / totalPrior) * Math.log2(c.prior / totalPrior), 0);
const random = rng(20261122);
console.log(`diagnosis benchmark: ${RUNS} simulated people per cause, answers drawn from the knowledge (release ${knowledge.release})`);
console.log('cause                              prior  answers  solved');
let expected = 0;
let solvedWeighted = 0;
for (const cause of knowledge.causes) {
  let turns = 0;
  let solved = 0;
  for (let run = 0; run < RUNS; run += 1) {
    const result = simulate(knowledge, cause.id, random, diagnoser, table);
    turns += result.turns;
    if (result.solved) solved += 1;
  }
  const weight = cause.prior / totalPrior;
  expected += weight * (turns / RUNS);
  solvedWeighted += weight * (solved / RUNS);
  console.log(`${cause.id.padEnd(34)} ${weight.toFixed(3)}  ${(turns / RUNS).toFixed(2).padStart(7)}  ${((100 * solved) / RUNS).toFixed(0).padStart(5)}%`);
}
console.log(`expected answers (prior-weighted) ${expected.toFixed(2)}; entropy of the prior ${entropy.toFixed(2)} bits; solved ${(100 * solvedWeighted).toFixed(1)}%`);
console.log(`ratio ${(expected / entropy).toFixed(2)} (target <= 1.2)`);
