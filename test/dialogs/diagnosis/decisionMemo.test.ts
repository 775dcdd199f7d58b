import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../bot/loadKnowledge.ts';
import { createDiagnoser, type Diagnoser } from '../../../dialogs/diagnosis/diagnoser.ts';
import type { Knowledge } from '../../../dialogs/diagnosis/knowledgeTypes.ts';
import { newSession, type Session } from '../../../dialogs/diagnosis/session.ts';

let knowledge: Knowledge;
/** Remembers decisions (the default), and one that works every decision out afresh. */
let remembering: Diagnoser;
let fresh: Diagnoser;

beforeAll(async () => {
  knowledge = (await loadKnowledge()).knowledge;
  remembering = createDiagnoser(knowledge);
  fresh = createDiagnoser(knowledge, undefined, 0);
});

/**
 * Sessions over a few of the real knowledge's ids (few, so that calls often meet a state seen before with one
 * input changed): errors, facts both ways and from both sources, answers and "not sure"s, failed fixes.
 */
function sessionArb(): fc.Arbitrary<Session> {
  const few = <T,>(values: readonly T[]): T[] => values.slice(0, 3);
  const yesNo = few(knowledge.questions.filter((q) => q.kind === 'yes-no').map((q) => q.id));
  const subset = <T,>(values: readonly T[], maxLength: number): fc.Arbitrary<T[]> => fc.uniqueArray(fc.constantFrom(...values), { maxLength });
  return fc
    .record({
      errors: subset(few(knowledge.errors.map((e) => e.id)), 2),
      facts: fc.uniqueArray(fc.tuple(fc.constantFrom(...yesNo), fc.constantFrom('yes' as const, 'no' as const), fc.constantFrom('stated' as const, 'answered' as const)), { maxLength: 2, selector: ([id]) => id }),
      ruledOut: subset(few(knowledge.causes.map((c) => c.id)), 1),
      asked: subset(yesNo, 3),
      unsureCount: fc.integer({ min: 0, max: 3 }),
      failed: subset(few(knowledge.fixes.map((f) => f.id)), 3),
      unknownCode: fc.boolean(),
      pending: fc.option(fc.constantFrom(...yesNo), { nil: undefined }),
    })
    .map(({ errors, facts, ruledOut, asked, unsureCount, failed, unknownCode, pending }) => {
      const session = newSession();
      return {
        ...session,
        phase: 'asking',
        evidence: { errors, facts: Object.fromEntries(facts.map(([id, value, source]) => [id, { value, source }])), ruledOut },
        codes: { ...session.codes, unknown: unknownCode ? ['0xdead'] : [] },
        asked,
        unsure: asked.slice(0, unsureCount),
        fixesTried: failed.map((fixId) => ({ fixId, causeIds: [], outcome: 'failed' as const })),
        ...(pending ? { pendingQuestion: pending } : {}),
      };
    });
}

describe('remembered decisions', () => {
  it('are the decisions worked out afresh, whatever state was decided before (every input is in the key)', () => {
    const priorsA = new Map(knowledge.causes.map((c, i) => [c.id, i === 0 ? 0.5 : c.prior]));
    // A state decided first, then the same state with one input taken from another state.
    const parts = ['errors', 'facts', 'ruledOut', 'asked', 'unsure', 'fixesTried', 'codes', 'pendingQuestion'] as const;
    const flipped = (facts: Session['evidence']['facts']): Session['evidence']['facts'] =>
      Object.fromEntries(Object.entries(facts).map(([id, fact]) => [id, { ...fact, value: fact.value === 'yes' ? ('no' as const) : ('yes' as const) }]));
    fc.assert(
      fc.property(sessionArb(), sessionArb(), fc.constantFrom(...parts, 'priors' as const, 'answers' as const), fc.constantFrom(undefined, priorsA), (first, other, part, priors) => {
        // A memory of its own per run; the language model (built in ~50 ms, unused by decide) is shared.
        const remembering = createDiagnoser(knowledge, undefined, undefined, fresh.language);
        const second: Session =
          part === 'priors' ? first : part === 'answers' ? { ...first, evidence: { ...first.evidence, facts: flipped(first.evidence.facts) } } : part === 'errors' || part === 'facts' || part === 'ruledOut' ? { ...first, evidence: { ...first.evidence, [part]: other.evidence[part] } } : { ...first, [part]: other[part] };
        const secondPriors = part === 'priors' ? (priors ? undefined : priorsA) : priors;
        expect(remembering.decide(first, priors)).toEqual(fresh.decide(first, priors));
        expect(remembering.decide(second, secondPriors)).toEqual(fresh.decide(second, secondPriors));
      }),
      { numRuns: 400 },
    );
  });

  it('are shared by conversations in the same state, and nobody can change them', () => {
    const session: Session = { ...newSession(), phase: 'asking', evidence: { errors: [knowledge.errors[0]?.id ?? ''], facts: {}, ruledOut: [] } };
    const first = remembering.decide(session);
    const second = remembering.decide(structuredClone(session));
    expect(second).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.ranked) && Object.isFrozen(first.action)).toBe(true);
    expect(() => (first.ranked as unknown[]).push(1)).toThrow(TypeError);
  });

  it('follow new learned priors: a new priors object is a new version', () => {
    const session: Session = { ...newSession(), phase: 'asking' };
    const top = (priors?: ReadonlyMap<string, number>): string | undefined => remembering.decide(session, priors).ranked[0]?.cause.id;
    const last = knowledge.causes.at(-1)?.id ?? '';
    const favouring = (id: string): Map<string, number> => new Map(knowledge.causes.map((c) => [c.id, c.id === id ? 10 : 0.01]));
    expect(top(favouring(last))).toBe(last);
    const first = knowledge.causes[0]?.id ?? '';
    expect(top(favouring(first))).toBe(first);
  });
});
