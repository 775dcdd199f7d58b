import type { Diagnoser } from '../dialogs/diagnosis/diagnoser.ts';
import type { Cause, Knowledge } from '../dialogs/diagnosis/knowledgeTypes.ts';
import { fixEffort } from '../dialogs/diagnosis/model/effort.ts';
import { newSession, type Session } from '../dialogs/diagnosis/session.ts';
import { transition } from '../dialogs/diagnosis/engine.ts';

/** What one simulated person went through: answers given, fixes that did not work, minutes spent, the outcome. */
export type PersonResult = { answers: number; wrongFixes: number; minutes: number; handedOff: boolean; right: boolean };

const MAX_TURNS = 25;
const OPENING = 'remote desktop does not work';

/**
 * One person whose problem is `cause`, answering each question as the knowledge's likelihoods say ("not
 * sure" at the question's rate) and each fix truthfully (it works only if it is the cause's fix). Minutes
 * are the question minutes plus the effort of every fix tried. Right = the cause's fix, or a hand-off when
 * the cause is out of scope.
 */
export function simulatePerson(d: Diagnoser, cause: Cause, random: () => number, questionMinutes: number): PersonResult {
  const { knowledge } = d;
  let session: Session = newSession();
  let text = OPENING;
  const result: PersonResult = { answers: 0, wrongFixes: 0, minutes: 0, handedOff: false, right: false };
  for (let turn = 0; turn < MAX_TURNS; turn += 1) {
    const out = transition(d, session, { kind: 'message', input: { text } });
    session = out.session;
    if (out.effects.some((e) => e.kind === 'hand-off')) return { ...result, handedOff: true, right: cause.outOfScope };
    const reply = out.effects.flatMap((e) => (e.kind === 'say' ? [e.reply] : [])).find((r) => r.kind === 'fix' || r.kind === 'question');
    if (reply?.kind === 'fix') {
      const fix = knowledge.fixes.find((f) => f.id === reply.fixId);
      result.minutes += fix ? fixEffort(fix).minutes : 0;
      if (reply.causeIds.includes(cause.id)) return { ...result, right: true };
      result.wrongFixes += 1;
      text = 'no';
    } else if (reply?.kind === 'question') {
      const question = knowledge.questions.find((q) => q.id === reply.questionId);
      if (!question) throw new Error(`unknown question ${reply.questionId}`);
      result.minutes += question.cost * questionMinutes;
      if (random() < question.unsureRate) text = 'not sure';
      else if (question.kind === 'error-code') text = sampleReport(knowledge, d.errorTable, cause.id, random);
      else text = random() < (cause.evidence[question.id] ?? question.otherwise) ? 'yes' : 'no';
    } else {
      text = 'not sure';
    }
    result.answers += 1;
  }
  return result;
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

/** The oracle knows the cause: it goes straight to the cause's fix (or hands off) without a question. */
export function oracleMinutes(knowledge: Knowledge, cause: Cause): number {
  const fix = knowledge.fixes.find((f) => f.id === cause.fix);
  return fix ? fixEffort(fix).minutes : 0;
}
