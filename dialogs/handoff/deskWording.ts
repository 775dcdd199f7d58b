import type { DiagnosisSummary } from '../diagnosis/summary.ts';
import type { Wording } from '../diagnosis/wording.ts';
import type { HandoffCase } from './handoffDesk.ts';

const percent = (p: number): string => String(Math.round(p * 100));

/** Why the case was handed over, in the desk's words (messages.yaml `desk-reason-*`). */
export function describeReason(say: Wording, reason: DiagnosisSummary['reason']): string {
  return say(`desk-reason-${reason}`);
}

/** A fact as "label: yes/no" in the knowledge's words. */
export function factText(say: Wording, fact: DiagnosisSummary['facts'][number]): string {
  return say('fact-stated', { label: fact.label, value: say(fact.value === 'yes' ? 'fact-yes' : 'fact-no') });
}

/** A fix tried and how it went ("worked", "did not help", or that it did not help when the person tried it before the chat). */
export function outcomeText(say: Wording, attempt: Pick<DiagnosisSummary['fixesTried'][number], 'outcome' | 'before'>): string {
  return say(attempt.before && attempt.outcome === 'failed' ? 'desk-outcome-failed-before' : `desk-outcome-${attempt.outcome}`);
}

/** The most likely remaining causes with their chances, e.g. "title (60%), other (20%)"; empty when none. */
export function likelyText(say: Wording, d: DiagnosisSummary): string {
  return d.topCauses.map((c) => say('desk-likely', { title: c.title, percent: percent(c.p) })).join(', ');
}

/** The diagnosis line by line for a help-desk agent: facts and their source, unsure answers, ruled out, fixes tried, possible causes. */
export function diagnosisLines(say: Wording, d: DiagnosisSummary): string[] {
  return [
    ...d.facts.map((f) => say('desk-fact', { label: f.label, value: say(f.value === 'yes' ? 'fact-yes' : 'fact-no'), source: say(`desk-source-${f.source}`) })),
    ...d.unsure.map((u) => say('desk-unsure', { label: u.label })),
    ...d.ruledOut.map((r) => say('desk-ruled-out', { title: r.title })),
    ...d.fixesTried.map((f) => say('desk-tried', { title: f.title, outcome: outcomeText(say, f) })),
    ...d.topCauses.map((t) => say('desk-possible', { title: t.title, percent: percent(t.p) })),
  ];
}

/** A case as the agent desk lists it: who is asking (and how sure that is), the codes, the reported errors, then the diagnosis. */
export function caseLines(say: Wording, c: HandoffCase): string[] {
  const d = c.diagnosis;
  const r = c.requester;
  const who = r ? [r.name, r.email, r.aadObjectId && say('desk-entra-id', { id: r.aadObjectId })].filter(Boolean).join(' · ') : '';
  const person = r ? [say(r.source === 'portal' ? 'desk-person-line-portal' : r.source === 'teams' ? 'desk-person-line-teams' : 'desk-person-line', { who })] : [];
  const codes = [...d.errorCodes.main, ...d.errorCodes.extended.map((x) => `ext ${x}`), ...d.errorCodes.unknown].join(', ');
  return [...person, say('desk-error-codes-line', { codes: codes || say('desk-none') }), ...d.errors.map((e) => say('desk-reported', { title: e.title })), ...diagnosisLines(say, d)];
}
