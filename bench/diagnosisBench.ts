// npm run bench:diagnosis [-- runs]: the effort the diagnosis asks of people, per cause and overall (weighted by
// the priors), when they answer as the knowledge's likelihoods say (including "not sure"), against an oracle that
// knows the cause. Columns: answers given, fixes tried that did not work, minutes to the end (questions at a minute per
// unit of cost + the effort minutes of every fix tried), the oracle's minutes (the right fix alone), share handed off, share ending right (the cause's fix, or a
// hand-off for a cause out of scope). No single ratio is the target; read the table.
import { loadKnowledge } from '../bot/loadKnowledge.ts';
import { createDiagnoser } from '../dialogs/diagnosis/diagnoser.ts';
import { oracleMinutes, simulatePerson, type PersonResult } from './effortSimulation.ts';
import { rng } from './simulatedPerson.ts';

const RUNS = Number(process.argv[2] ?? 200);

const { knowledge } = await loadKnowledge();
const diagnoser = createDiagnoser(knowledge);
/** Wall-clock minutes a question of cost 1 takes to answer (a cost-2 question has the person check something). */
const QUESTION_MINUTES = 1;
const totalPrior = knowledge.causes.reduce((sum, c) => sum + c.prior, 0);
const random = rng(20261122);

type Row = { answers: number; wrong: number; minutes: number; oracle: number; handedOff: number; right: number; oneWrongAtMost: number };
const zero = (): Row => ({ answers: 0, wrong: 0, minutes: 0, oracle: 0, handedOff: 0, right: 0, oneWrongAtMost: 0 });
const cells = (r: Row): string =>
  [r.answers.toFixed(2), r.wrong.toFixed(2), r.minutes.toFixed(1), r.oracle.toFixed(1), `${(100 * r.handedOff).toFixed(0)}%`, `${(100 * r.right).toFixed(0)}%`, `${(100 * r.oneWrongAtMost).toFixed(0)}%`]
    .map((c) => c.padStart(9))
    .join('');

console.log(`diagnosis effort benchmark: ${RUNS} simulated people per cause, answers drawn from the knowledge (release ${knowledge.release})`);
console.log(`${'cause'.padEnd(36)}${'prior'.padStart(6)}${['answers', 'wrong', 'minutes', 'oracle', 'handoff', 'right', '≤1 wrong'].map((h) => h.padStart(9)).join('')}`);
const overall = zero();
for (const cause of knowledge.causes) {
  const row = zero();
  for (let run = 0; run < RUNS; run += 1) {
    const r: PersonResult = simulatePerson(diagnoser, cause, random, QUESTION_MINUTES);
    row.answers += r.answers / RUNS;
    row.wrong += r.wrongFixes / RUNS;
    row.minutes += r.minutes / RUNS;
    row.handedOff += r.handedOff ? 1 / RUNS : 0;
    row.right += r.right ? 1 / RUNS : 0;
    row.oneWrongAtMost += r.right && r.wrongFixes <= 1 ? 1 / RUNS : 0;
  }
  row.oracle = oracleMinutes(knowledge, cause);
  const weight = cause.prior / totalPrior;
  for (const key of Object.keys(row) as Array<keyof Row>) overall[key] += weight * row[key];
  console.log(`${cause.id.padEnd(36)}${weight.toFixed(3).padStart(6)}${cells(row)}`);
}
console.log(`${'overall (prior-weighted)'.padEnd(36)}${'1.000'.padStart(6)}${cells(overall)}`);
