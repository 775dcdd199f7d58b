import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../bot/loadKnowledge.ts';
import { isCurrent, migrateIds, migrateReply, migrateSession, migrateStats } from '../../../dialogs/diagnosis/knowledge/migrate.ts';
import type { Knowledge } from '../../../dialogs/diagnosis/knowledgeTypes.ts';
import { newSession, type Reply, type Session } from '../../../dialogs/diagnosis/session.ts';

describe('migrateSession', () => {
  let k: Knowledge;
  beforeAll(async () => {
    k = (await loadKnowledge()).knowledge;
  });
  const [oldId, newId] = ['win11-hostname-resolution', 'name-resolution'];

  it('renames a renamed cause everywhere a session keeps cause ids', () => {
    const session: Session = {
      ...newSession(),
      phase: 'verifying',
      evidence: { errors: ['rdp-0x104'], facts: { 'uses-vpn': { value: 'yes', source: 'stated' } }, ruledOut: [oldId] },
      proposal: { fixId: 'connect-by-ip-and-fix-name-resolution', causeIds: [oldId], p: 0.7 },
      fixesTried: [{ fixId: 'connect-by-ip-and-fix-name-resolution', causeIds: [oldId], outcome: 'failed' }],
      agentCauseId: oldId,
    };
    const migrated = migrateSession(k, session);
    expect(JSON.stringify(migrated)).not.toContain(oldId);
    expect(migrated).toMatchObject({ phase: 'verifying', evidence: { ruledOut: [newId] }, proposal: { causeIds: [newId] }, agentCauseId: newId });
  });

  it('drops ids the knowledge no longer has and goes back to describing when the open question is gone', () => {
    const session: Session = {
      ...newSession(),
      phase: 'asking',
      pendingQuestion: 'question-that-was-removed',
      asked: ['uses-vpn', 'question-that-was-removed'],
      evidence: { errors: ['error-that-was-removed', 'rdp-0x204'], facts: { 'question-that-was-removed': { value: 'no', source: 'answered' } }, ruledOut: ['cause-that-was-removed'] },
    };
    const migrated = migrateSession(k, session);
    expect(migrated).toMatchObject({ phase: 'describe', asked: ['uses-vpn'], evidence: { errors: ['rdp-0x204'], facts: {}, ruledOut: [] } });
    expect(migrated.pendingQuestion).toBeUndefined();
  });

  it('returns the very same session when nothing needs migrating', () => {
    const session: Session = { ...newSession(), evidence: { errors: ['rdp-0x204'], facts: {}, ruledOut: [newId] } };
    expect(migrateSession(k, session)).toBe(session);
  });

  it('folds learning counts of a renamed cause into the new id and drops unknown causes from the confirmed count', () => {
    const stats = migrateStats(k.causes, k.renamed, { worked: { [oldId]: 2, [newId]: 1, gone: 1 }, failed: { [oldId]: 1 }, confirmed: 4 });
    expect(stats).toEqual({ worked: { [newId]: 3 }, failed: { [newId]: 1 }, confirmed: 3 });
  });
});

describe('migrateReply', () => {
  let k: Knowledge;
  beforeAll(async () => {
    k = (await loadKnowledge()).knowledge;
  });
  const [oldId, newId] = ['win11-hostname-resolution', 'name-resolution'];

  it('renames the ids a reply kept in a transcript holds, and returns the same reply when none was renamed', () => {
    expect(migrateReply(k, { kind: 'fix', fixId: 'connect-by-ip-and-fix-name-resolution', causeIds: [oldId], p: 0.7 })).toEqual({ kind: 'fix', fixId: 'connect-by-ip-and-fix-name-resolution', causeIds: [newId], p: 0.7 });
    expect(migrateReply(k, { kind: 'why', causeId: oldId, p: 0.5, reasons: [] })).toMatchObject({ causeId: newId });
    const renamedQuestion = { ...k, renamed: { ...k.renamed, 'old-vpn-question': 'uses-vpn', 'old-error': 'rdp-0x204' } };
    expect(migrateReply(renamedQuestion, { kind: 'question', questionId: 'old-vpn-question', reprompt: false })).toMatchObject({ questionId: 'uses-vpn' });
    expect(migrateReply(renamedQuestion, { kind: 'acknowledge', facts: [{ questionId: 'old-vpn-question', value: 'yes' }], errorIds: ['old-error'], unknownCodes: [] })).toMatchObject({
      facts: [{ questionId: 'uses-vpn', value: 'yes' }],
      errorIds: ['rdp-0x204'],
    });
    const current: Reply = { kind: 'fix', fixId: 'connect-by-ip-and-fix-name-resolution', causeIds: [newId], p: 0.7 };
    expect(migrateReply(k, current)).toBe(current);
  });
});

describe('migrateSession on a current session', () => {
  let k: Knowledge;
  beforeAll(async () => {
    k = (await loadKnowledge()).knowledge;
  });

  it('returns what migrating every id returns, for sessions of known, renamed, removed and repeated ids', () => {
    const withOld = (ids: readonly string[]): fc.Arbitrary<string> => fc.constantFrom(...ids, ...Object.keys(k.renamed), 'id-that-was-removed');
    const ids = { causes: k.causes.map((c) => c.id), fixes: k.fixes.map((f) => f.id), questions: k.questions.map((q) => q.id), errors: k.errors.map((e) => e.id) };
    // Mostly current ids, so both outcomes of isCurrent are common.
    const pick = (known: readonly string[]): fc.Arbitrary<string> => fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: withOld(known) });
    const list = (known: readonly string[]): fc.Arbitrary<string[]> => fc.array(pick(known), { maxLength: 4 });
    const session: fc.Arbitrary<Session> = fc.record({
      phase: fc.constantFrom('describe', 'asking', 'verifying', 'resolved'),
      errors: list(ids.errors),
      ruledOut: list(ids.causes),
      facts: fc.dictionary(pick(ids.questions), fc.record({ value: fc.constantFrom('yes', 'no'), source: fc.constantFrom('stated', 'answered') }), { maxKeys: 3 }),
      asked: list(ids.questions),
      unsure: list(ids.questions),
      pending: fc.option(pick(ids.questions), { nil: undefined }),
      proposal: fc.option(fc.record({ fixId: pick(ids.fixes), causeIds: list(ids.causes), p: fc.double({ min: 0, max: 1, noNaN: true }) }), { nil: undefined }),
      fixesTried: fc.array(fc.record({ fixId: pick(ids.fixes), causeIds: list(ids.causes), outcome: fc.constantFrom('worked', 'failed') }), { maxLength: 3 }),
      agentCauseId: fc.option(pick(ids.causes), { nil: undefined }),
    }).map(({ errors, ruledOut, facts, pending, proposal, agentCauseId, ...rest }) => ({
      ...newSession(),
      ...rest,
      evidence: { errors, ruledOut, facts },
      ...(pending === undefined ? {} : { pendingQuestion: pending }),
      ...(proposal === undefined ? {} : { proposal }),
      ...(agentCauseId === undefined ? {} : { agentCauseId }),
    }));
    let current = 0;
    fc.assert(
      fc.property(session, (s) => {
        if (isCurrent(k, s)) {
          current += 1;
          expect(migrateSession(k, s)).toBe(s);
        }
        expect(migrateSession(k, s)).toEqual(migrateIds(k, s));
      }),
      { numRuns: 2000 },
    );
    // Both ways were taken.
    expect(current).toBeGreaterThan(0);
    expect(current).toBeLessThan(2000);
  });
});
