// Realistic traffic for the HTTP benchmark: simulated people (simulatedPerson.ts) with causes drawn by the
// knowledge's priors, who describe the problem with the error they see, answer the questions and confirm
// the fix. Generated in process from the shipped knowledge, so a fresh clone has the same conversations.
import type { Knowledge } from '../dialogs/diagnosis/knowledgeTypes.ts';
import { createDiagnoser, type Diagnoser } from '../dialogs/diagnosis/diagnoser.ts';
import { errorLikelihoods } from '../dialogs/diagnosis/model/posterior.ts';
import { converse, rng, sampleCause, sampleReport, type Person } from './simulatedPerson.ts';

const OPENINGS = ['Remote Desktop fails with {report}', "I can't connect to my work PC over RDP: {report}", 'mstsc says {report} when I connect to the server'];

/**
 * `count` conversations (the texts a person sends, opening first), the same ones on every run;
 * `onDecision` gets the milliseconds of each engine decision made while playing them (by `diagnoser`, a
 * fresh one by default: nothing remembered from earlier plays).
 */
export function conversationScripts(knowledge: Knowledge, count: number, seed = 15, onDecision?: (ms: number) => void, diagnoser: Diagnoser = createDiagnoser(knowledge)): string[][] {
  const person: Person = { knowledge, diagnoser, reports: errorLikelihoods(knowledge), random: rng(seed), ...(onDecision ? { onDecision } : {}) };
  return Array.from({ length: count }, (_, i) => {
    const causeId = sampleCause(knowledge, person.random);
    const template = OPENINGS[i % OPENINGS.length] ?? '{report}';
    return converse(person, causeId, template.replace('{report}', sampleReport(person, causeId))).texts;
  });
}
