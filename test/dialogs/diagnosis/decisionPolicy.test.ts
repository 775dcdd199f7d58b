import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../bot/loadKnowledge.ts';
import { createDiagnoser, type Diagnoser } from '../../../dialogs/diagnosis/diagnoser.ts';
import type { Fix, Knowledge } from '../../../dialogs/diagnosis/knowledgeTypes.ts';
import { DEFAULT_DECISION_OPTIONS } from '../../../dialogs/diagnosis/model/decide.ts';
import { fixCost, fixEffort } from '../../../dialogs/diagnosis/model/effort.ts';
import { newSession, type Session } from '../../../dialogs/diagnosis/session.ts';
import { step } from '../../../dialogs/diagnosis/step.ts';

let knowledge: Knowledge;
let d: Diagnoser;
beforeAll(async () => {
  knowledge = (await loadKnowledge()).knowledge;
  d = createDiagnoser(knowledge);
});

function withEvidence(errors: string[], facts: Record<string, 'yes' | 'no'> = {}, unsure: string[] = []): Session {
  const session = newSession();
  session.evidence = { errors, facts: Object.fromEntries(Object.entries(facts).map(([q, value]) => [q, { value, source: 'stated' as const }])), ruledOut: [] };
  session.asked = [...unsure];
  session.unsure = [...unsure];
  return session;
}

/** The causes whose fix needs a rare fact (P(yes | cause) ≥ the precondition level on a question most causes answer no). */
function preconditioned(): Array<{ causeId: string; fixId: string; questionId: string }> {
  return knowledge.causes.flatMap((cause) =>
    knowledge.questions
      .filter((q) => q.kind === 'yes-no' && q.otherwise <= 0.5 && q.unsureRate < 0.5 && (cause.evidence[q.id] ?? 0) >= DEFAULT_DECISION_OPTIONS.precondition)
      .map((q) => ({ causeId: cause.id, fixId: cause.fix ?? '', questionId: q.id })),
  );
}

describe('decision policy on effort', () => {
  it('asks a separating question instead of trying a fix while the beliefs are spread (0x904 alone)', () => {
    const { action, ranked } = d.decide(withEvidence(['rdp-0x904']));
    // Spread: no cause holds half (the top one sits near the proposal floor, where each new report moves it a little).
    expect(ranked[0]?.p).toBeLessThan(0.5);
    expect(action.kind).toBe('ask');
  });

  it('never proposes a fix whose rare precondition (Azure, a gateway, a VPN) is unknown and still askable', () => {
    const cases = preconditioned();
    expect(cases.map((c) => c.questionId)).toContain('is-azure-vm');
    for (const { fixId, questionId } of cases) {
      for (const errorId of knowledge.errors.map((e) => e.id)) {
        const { action } = d.decide(withEvidence([errorId]));
        if (action.kind === 'propose' && action.fixId === fixId) {
          expect(action.p, `${fixId} proposed without ${questionId} after ${errorId}`).toBeGreaterThanOrEqual(DEFAULT_DECISION_OPTIONS.confident);
        }
      }
    }
  });

  it('asks whether the machine is in Azure on a time-out, and never proposes the network-rule fix without knowing', () => {
    expect(d.decide(withEvidence(['rdp-timeout'])).action).toEqual({ kind: 'ask', questionId: 'is-azure-vm' });
    const nsgFix = knowledge.causes.find((c) => c.id === 'azure-nsg-blocking')?.fix;
    for (const errorId of knowledge.errors.map((e) => e.id)) {
      for (const facts of [{}, { 'same-network': 'no' }, { 'same-network': 'no', 'credential-prompt': 'no' }] as Array<Record<string, 'yes' | 'no'>>) {
        const { action } = d.decide(withEvidence([errorId], facts));
        expect(action.kind === 'propose' && action.fixId === nsgFix, `${errorId} ${JSON.stringify(facts)}`).toBe(false);
      }
    }
  });

  it('hands off with the diagnosis when the beliefs stay flat and no question is left', () => {
    const everything = knowledge.questions.map((q) => q.id);
    const { action, ranked } = d.decide(withEvidence(['no-code'], {}, everything));
    expect(ranked[0]?.p).toBeLessThan(DEFAULT_DECISION_OPTIONS.flat);
    expect(action).toEqual({ kind: 'handoff', reason: 'exhausted' });
  });

  it('keeps working after "not sure": other questions, each once, then the fix most worth trying', () => {
    const unsure = ['error-code', 'other-clients-work', 'credential-prompt', 'port-reachable'];
    expect(d.decide(withEvidence(['no-code'], {}, unsure)).action.kind).toBe('ask');
    let result = step(d, newSession(), { text: 'rdp to my azure vm fails with 0x904 extended 0x7' });
    const asked: string[] = [];
    while (result.session.phase === 'asking' && asked.length < knowledge.questions.length) {
      asked.push(result.session.pendingQuestion ?? '');
      result = step(d, result.session, { text: 'not sure' });
    }
    expect(new Set(asked).size).toBe(asked.length);
    expect(result.session.proposal?.fixId).toBe('repair-machinekeys-permissions');
  });

  it('hands off after three fixes did not work, not four', () => {
    const session = withEvidence(['rdp-0x904']);
    session.fixesTried = ['a', 'b', 'c'].map((fixId) => ({ fixId, causeIds: [], outcome: 'failed' as const }));
    expect(d.decide(session).action).toEqual({ kind: 'handoff', reason: 'failed-fixes' });
  });
});

describe('effort', () => {
  const step = { text: 'x', where: 'remote-host' as const, admin: true, risk: 'high' as const, lastResort: false };
  // A fix as older knowledge wrote it, without `effort` (the loader of the day requires it; fixEffort does not).
  const fix = { id: 'f', title: 't', summary: 's', steps: [step, { ...step, risk: 'low' }], verify: 'v', sources: [] } as unknown as Fix;

  it('uses the knowledge effort when the fix states it, and derives it from the steps otherwise', () => {
    expect(fixEffort({ ...fix, effort: { minutes: 7, where: 'client-pc', admin: false } })).toEqual({ minutes: 7, where: 'client-pc', admin: false });
    for (const f of knowledge.fixes) expect(fixEffort(f), f.id).toEqual(f.effort);
    expect(fixEffort(fix)).toMatchObject({ where: 'remote-host', admin: true });
    expect(fixEffort(fix).minutes).toBeGreaterThan(fixEffort({ ...fix, steps: [step] }).minutes);
  });

  it('weighs place, admin and risk: a risky admin job on the host costs more than the same minutes on the client', () => {
    const client = { ...fix, steps: fix.steps.map((s) => ({ ...s, where: 'client-pc' as const, admin: false, risk: 'low' as const })) };
    expect(fixCost(fix)).toBeGreaterThan(fixCost(client));
    for (const f of knowledge.fixes) expect(fixCost(f), f.id).toBeGreaterThan(0);
  });
});
