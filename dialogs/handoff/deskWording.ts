import type { DiagnosisSummary } from '../diagnosis/summary.ts';
import type { Wording } from '../diagnosis/wording.ts';

const percent = (p: number): string => String(Math.round(p * 100));

/** Why the case was handed over, in the desk's words (messages.yaml `desk-reason-*`). */
export function describeReason(say: Wording, reason: DiagnosisSummary['reason']): string {
  return say(`desk-reason-${reason}`);
}

/** A fact as "label: yes/no" in the knowledge's words. */
export function factText(say: Wording, fact: DiagnosisSummary['facts'][number]): string {
  return say('fact-stated', { label: fact.label, value: say(fact.value === 'yes' ? 'fact-yes' : 'fact-no') });
}

/** A fix tried and how it went ("worked", "did not help"). */
export function outcomeText(say: Wording, outcome: DiagnosisSummary['fixesTried'][number]['outcome']): string {
  return say(`desk-outcome-${outcome}`);
}

/** The most likely remaining causes with their chances, e.g. "title (60%), other (20%)"; empty when none. */
export function likelyText(say: Wording, d: DiagnosisSummary): string {
  return d.topCauses.map((c) => say('desk-likely', { title: c.title, percent: percent(c.p) })).join(', ');
}

/** The diagnosis line by line for a help-desk agent: facts and their source, unsure answers, fixes tried, possible causes. */
export function diagnosisLines(say: Wording, d: DiagnosisSummary): string[] {
  return [
    ...d.facts.map((f) => say('desk-fact', { label: f.label, value: say(f.value === 'yes' ? 'fact-yes' : 'fact-no'), source: say(`desk-source-${f.source}`) })),
    ...d.unsure.map((u) => say('desk-unsure', { label: u.label })),
    ...d.fixesTried.map((f) => say('desk-tried', { title: f.title, outcome: outcomeText(say, f.outcome) })),
    ...d.topCauses.map((t) => say('desk-possible', { title: t.title, percent: percent(t.p) })),
  ];
}
