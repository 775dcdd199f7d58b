import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../bot/loadKnowledge.ts';
import { createDiagnoser, type Diagnoser } from '../../../dialogs/diagnosis/diagnoser.ts';
import type { Knowledge } from '../../../dialogs/diagnosis/knowledgeTypes.ts';
import { addOutcome, EMPTY_STATS, learnedPriors } from '../../../dialogs/diagnosis/model/learning.ts';
import { beliefs, toVector } from '../../../dialogs/diagnosis/model/beliefs.ts';
import { errorLikelihoods, posterior } from '../../../dialogs/diagnosis/model/posterior.ts';
import { outcomesOf, repairAfterAnswers, repairCost, searchModel, searchNode } from '../../../dialogs/diagnosis/model/search.ts';
import { redactSecrets } from '../../../dialogs/diagnosis/redact.ts';
import { newSession, type Session } from '../../../dialogs/diagnosis/session.ts';
import { step } from '../../../dialogs/diagnosis/step.ts';

let knowledge: Knowledge;
let d: Diagnoser;
beforeAll(async () => {
  knowledge = (await loadKnowledge()).knowledge;
  d = createDiagnoser(knowledge);
});

function withEvidence(errors: string[], facts: Record<string, 'yes' | 'no'> = {}, ruledOut: string[] = []): Session {
  const session = newSession();
  session.evidence = { errors, facts: Object.fromEntries(Object.entries(facts).map(([q, value]) => [q, { value, source: 'stated' as const }])), ruledOut };
  return session;
}

describe('posterior', () => {
  it('follows the error code, treats "not sure" as no evidence and zeroes ruled-out causes', () => {
    const table = errorLikelihoods(knowledge);
    const top = (s: Session) => posterior(knowledge, s.evidence, table)[0]?.cause.id;
    expect(top(withEvidence(['credssp-encryption-oracle']))).toBe('credssp-oracle-remediation');
    expect(top(withEvidence(['rdp-0x904'], { 'is-azure-vm': 'yes', 'certificate-expired': 'no' }))).toBe('corrupt-machinekeys');
    const ruled = posterior(knowledge, withEvidence(['rdp-0x904'], {}, ['unstable-vpn']).evidence, table);
    expect(ruled.find((r) => r.cause.id === 'unstable-vpn')?.p).toBe(0);
    const sum = ruled.reduce((s, r) => s + r.p, 0);
    expect(sum).toBeCloseTo(1, 6);
  });
});

describe('decide', () => {
  it('never asks a question whose answer is known or that was asked', () => {
    const session = withEvidence(['rdp-0x904'], { 'other-clients-work': 'no' });
    session.asked = ['uses-vpn'];
    const { action } = d.decide(session);
    if (action.kind === 'ask') expect(['other-clients-work', 'uses-vpn', 'error-code']).not.toContain(action.questionId);
  });

  it('asks for the error code first when nothing is known', () => {
    expect(d.decide(newSession()).action).toEqual({ kind: 'ask', questionId: 'error-code' });
  });

  it('proposes at once when one fix covers every plausible cause', () => {
    expect(d.decide(withEvidence(['remote-sign-in-right-missing'])).action).toMatchObject({ kind: 'propose', fixId: 'grant-remote-desktop-sign-in' });
  });

  it('hands off out-of-scope problems and after repeated failed fixes', () => {
    expect(d.decide(withEvidence(['host-hardware-symptom'])).action).toEqual({ kind: 'handoff', reason: 'out-of-scope' });
    const session = withEvidence(['rdp-0x904']);
    session.fixesTried = ['a', 'b', 'c', 'd'].map((fixId) => ({ fixId, causeIds: [], outcome: 'failed' as const }));
    expect(d.decide(session).action).toEqual({ kind: 'handoff', reason: 'failed-fixes' });
  });

  it('hands off when nothing plausible is left', () => {
    const everything = knowledge.causes.filter((c) => c.id !== 'credssp-oracle-remediation').map((c) => c.id);
    const session = withEvidence(['rdp-0x904'], { 'credential-prompt': 'no', 'recent-windows-upgrade': 'no' }, everything);
    expect(d.decide(session).action).toEqual({ kind: 'handoff', reason: 'exhausted' });
  });
});

describe('search', () => {
  it("works out a question's value one step deep in scratch space to the same figure as through the answers' nodes", () => {
    const options = d.options;
    const model = searchModel(knowledge, d.errorTable, options.effort);
    const states = [withEvidence([]), withEvidence(['rdp-0x904']), withEvidence(['rdp-0x904'], { 'uses-vpn': 'yes' }, ['unstable-vpn'])];
    for (const session of states) {
      const dist = toVector(knowledge, beliefs(knowledge, session.evidence, { errorTable: d.errorTable }, options.unknownPrior));
      for (const question of knowledge.questions) {
        const throughNodes = outcomesOf(model, question, searchNode(dist)).reduce((sum, o) => sum + (o.p > 1e-9 ? o.p * repairCost(model, o.node, options) : 0), 0);
        // Exactly equal, not close: a decision between two near-equal costs must not change with the path.
        expect(repairAfterAnswers(model, question, searchNode(dist), options)).toBe(throughNodes);
      }
    }
    // The error code's question has an answer per error entry, the others yes and no: both kinds compared.
    expect(new Set(knowledge.questions.map((q) => q.kind))).toEqual(new Set(['error-code', 'yes-no']));
  });
});

describe('step', () => {
  it('does not ask again what the opening said and rules out a failed fix', () => {
    let session = newSession();
    let result = step(d, session, { text: 'rdp to our azure vm fails with 0x904 extended 0x7 after I enter my password, nobody can connect, no third-party antivirus' });
    session = result.session;
    expect(session.evidence.facts['is-azure-vm']?.value).toBe('yes');
    expect(result.replies.some((r) => r.kind === 'question' && (r.questionId === 'is-azure-vm' || r.questionId === 'other-clients-work'))).toBe(false);
    const fix = result.replies.find((r) => r.kind === 'fix');
    expect(fix).toMatchObject({ kind: 'fix', fixId: 'repair-machinekeys-permissions' });
    result = step(d, session, { text: 'no, still the same' });
    expect(result.session.evidence.ruledOut).toContain('corrupt-machinekeys');
    expect(result.outcome).toMatchObject({ fixId: 'repair-machinekeys-permissions', worked: false, errors: ['rdp-0x904'] });
    expect(JSON.stringify(result.outcome)).not.toMatch(/azure vm fails/);
  });

  it('explains its lead with the evidence behind it', () => {
    const { session } = step(d, newSession(), { text: 'rdp to my azure vm fails with 0x904 extended 0x7' });
    const why = step(d, session, { text: 'why?' }).replies[0];
    expect(why).toMatchObject({ kind: 'why', causeId: 'corrupt-machinekeys' });
    expect(why?.kind === 'why' && why.reasons.join(' ')).toMatch(/Azure virtual machine/);
  });
});

describe('learning', () => {
  it('moves priors with confirmed outcomes, bounded by the knowledge prior', () => {
    const base = learnedPriors(knowledge.causes, EMPTY_STATS);
    let stats = EMPTY_STATS;
    for (let i = 0; i < 20; i += 1) stats = addOutcome(stats, ['unstable-vpn'], true);
    const learned = learnedPriors(knowledge.causes, stats);
    expect(learned.get('unstable-vpn')).toBeGreaterThan(base.get('unstable-vpn') ?? 1);
    expect(learned.get('client-licensing-cache')).toBeLessThan(base.get('client-licensing-cache') ?? 0);
    for (let i = 0; i < 10_000; i += 1) stats = addOutcome(stats, ['unstable-vpn'], true);
    expect(learnedPriors(knowledge.causes, stats).get('unstable-vpn')).toBeCloseTo((base.get('unstable-vpn') ?? 0) * 3, 6);
    expect(addOutcome(EMPTY_STATS, ['a'], false)).toEqual({ worked: {}, failed: { a: 1 }, confirmed: 0 });
  });
});

describe('redactSecrets', () => {
  it('removes typed passwords and tokens but keeps the rest', () => {
    expect(redactSecrets('my password is Hunter2! and the vm is srv-01')).toBe('my password is [redacted] and the vm is srv-01');
    expect(redactSecrets('pwd: S3cr3t')).toBe('pwd: [redacted]');
    expect(redactSecrets('key AKIAIOSFODNN7EXAMPLE1234567890')).toContain('[redacted]');
    expect(redactSecrets('error 0x904 extended 0x7')).toBe('error 0x904 extended 0x7');
  });

  it('never breaks links or commands', () => {
    const link = 'https://learn.microsoft.com/en-us/troubleshoot/windows-server/remote/rdp-error-general-troubleshooting#check-the-status-of-the-rdp-protocol-on-a-remote-computer';
    expect(redactSecrets(`see ${link} first`)).toBe(`see ${link} first`);
    const command = 'reg add "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp" /v SecurityLayer /t REG_DWORD /d 0 /f';
    expect(redactSecrets(`registry key: ${command}`)).toBe(`registry key: ${command}`);
    const guid = 'Get-AzRoleAssignment -ObjectId 6f1c2d3e-0a1b-4c2d-8e3f-00000000abcd';
    expect(redactSecrets(guid)).toBe(guid);
    expect(redactSecrets('Test-NetConnection srv-rdp-gateway-0x904-eu-west-01 -Port 3389')).toBe('Test-NetConnection srv-rdp-gateway-0x904-eu-west-01 -Port 3389');
  });

  it('still takes secrets out of links and text', () => {
    expect(redactSecrets('https://admin:Hunter2@portal.contoso.com/x?sig=abcDEF123&sv=2024')).toBe('https://admin:[redacted]@portal.contoso.com/x?sig=[redacted]&sv=2024');
    expect(redactSecrets('api key = sk_live_51HcQzABCDEF0123456789xyz')).toBe('api key = [redacted]');
    expect(redactSecrets('token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc_DEF-123')).toBe('token [redacted]');
  });
});
