import type { Cause, Knowledge } from '../knowledgeTypes.ts';
import type { OutcomeStats } from '../model/learning.ts';
import type { Reply, Session } from '../session.ts';

type Known = { causes: Set<string>; fixes: Set<string>; questions: Set<string>; errors: Set<string> };

const knownPerKnowledge = new WeakMap<Knowledge, Known>();

/** An id's name in the current knowledge (knowledge.yaml's `renamed`: old → new). */
const renamedTo = (k: Knowledge, id: string): string => k.renamed[id] ?? id;

/** The knowledge's ids, indexed once per knowledge object (every turn migrates its stored session). */
function knownIds(k: Knowledge): Known {
  let known = knownPerKnowledge.get(k);
  if (!known) {
    known = {
      causes: new Set(k.causes.map((c) => c.id)),
      fixes: new Set(k.fixes.map((f) => f.id)),
      questions: new Set(k.questions.map((q) => q.id)),
      errors: new Set(k.errors.map((e) => e.id)),
    };
    knownPerKnowledge.set(k, known);
  }
  return known;
}

/**
 * Brings a stored session up to the current knowledge: ids renamed in knowledge.yaml (`renamed`) take their
 * new name, and ids the knowledge no longer has are dropped. A pending question or proposal that no longer
 * exists sends the conversation back to describing the problem. Returns the same object when nothing changed.
 */
export function migrateSession(k: Knowledge, session: Session): Session {
  return isCurrent(k, session) ? session : migrateIds(k, session);
}

/**
 * True when every id the session holds is one the knowledge has under that name, once: what migrateIds
 * would keep as it is. Every turn asks; the answer is almost always yes, and this costs a few set lookups
 * where migrateIds copies the session and compares two JSON texts.
 */
export function isCurrent(k: Knowledge, session: Session): boolean {
  const known = knownIds(k);
  const current = (id: string, set: Set<string>): boolean => set.has(id) && k.renamed[id] === undefined;
  const allCurrent = (ids: readonly string[], set: Set<string>): boolean => ids.every((id) => current(id, set)) && new Set(ids).size === ids.length;
  const { evidence, proposal } = session;
  return (
    allCurrent(evidence.errors, known.errors) &&
    allCurrent(evidence.ruledOut, known.causes) &&
    Object.keys(evidence.facts).every((id) => current(id, known.questions)) &&
    allCurrent(session.asked, known.questions) &&
    allCurrent(session.unsure, known.questions) &&
    session.fixesTried.every((t) => current(t.fixId, known.fixes) && allCurrent(t.causeIds, known.causes)) &&
    (session.pendingQuestion === undefined || current(session.pendingQuestion, known.questions)) &&
    (proposal === undefined || (current(proposal.fixId, known.fixes) && proposal.causeIds.length > 0 && allCurrent(proposal.causeIds, known.causes))) &&
    (session.agentCauseId === undefined || current(session.agentCauseId, known.causes))
  );
}

/** migrateSession's work: every id renamed or dropped, compared with the session as stored. */
export function migrateIds(k: Knowledge, session: Session): Session {
  const known = knownIds(k);
  const rename = (id: string): string => renamedTo(k, id);
  const keep = (ids: readonly string[], set: Set<string>): string[] => [...new Set(ids.map(rename).filter((id) => set.has(id)))];
  const facts = Object.fromEntries(
    Object.entries(session.evidence.facts)
      .map(([id, fact]) => [rename(id), fact] as const)
      .filter(([id]) => known.questions.has(id)),
  );
  const fixesTried = session.fixesTried
    .map((t) => ({ ...t, fixId: rename(t.fixId), causeIds: keep(t.causeIds, known.causes) }))
    .filter((t) => known.fixes.has(t.fixId));
  const pending = session.pendingQuestion === undefined ? undefined : rename(session.pendingQuestion);
  const proposal = session.proposal && { ...session.proposal, fixId: rename(session.proposal.fixId), causeIds: keep(session.proposal.causeIds, known.causes) };
  const pendingGone = pending !== undefined && !known.questions.has(pending);
  const proposalGone = proposal !== undefined && (!known.fixes.has(proposal.fixId) || proposal.causeIds.length === 0);
  const agentCause = session.agentCauseId === undefined ? undefined : rename(session.agentCauseId);
  const migrated: Session = {
    ...session,
    evidence: { errors: keep(session.evidence.errors, known.errors), facts, ruledOut: keep(session.evidence.ruledOut, known.causes) },
    asked: keep(session.asked, known.questions),
    unsure: keep(session.unsure, known.questions),
    fixesTried,
  };
  delete migrated.pendingQuestion;
  delete migrated.proposal;
  delete migrated.agentCauseId;
  if (pending !== undefined && !pendingGone) migrated.pendingQuestion = pending;
  if (proposal && !proposalGone) migrated.proposal = proposal;
  if (agentCause !== undefined && known.causes.has(agentCause)) migrated.agentCauseId = agentCause;
  if ((pendingGone && migrated.phase === 'asking') || (proposalGone && migrated.phase === 'verifying')) migrated.phase = 'describe';
  return JSON.stringify(migrated) === JSON.stringify(session) ? session : migrated;
}

/**
 * A reply kept in a stored transcript, with the ids renamed in knowledge.yaml taking their new name (as
 * migrateSession does), so it still renders when a hand-off needs its text. Ids the knowledge no longer has
 * stay: the reply then renders as the knowledge now allows (a fix or question that is gone renders nothing).
 * Returns the same object when nothing changed.
 */
export function migrateReply<R extends Reply>(k: Knowledge, reply: R): R {
  const renamed = (id: string): boolean => k.renamed[id] !== undefined;
  const rename = (id: string): string => renamedTo(k, id);
  switch (reply.kind) {
    case 'fix':
      return renamed(reply.fixId) || reply.causeIds.some(renamed) ? { ...reply, fixId: rename(reply.fixId), causeIds: reply.causeIds.map(rename) } : reply;
    case 'question':
      return renamed(reply.questionId) ? { ...reply, questionId: rename(reply.questionId) } : reply;
    case 'why':
      return reply.causeId !== undefined && renamed(reply.causeId) ? { ...reply, causeId: rename(reply.causeId) } : reply;
    case 'acknowledge':
      return reply.facts.some((f) => renamed(f.questionId)) || reply.errorIds.some(renamed)
        ? { ...reply, facts: reply.facts.map((f) => ({ ...f, questionId: rename(f.questionId) })), errorIds: reply.errorIds.map(rename) }
        : reply;
    default:
      return reply;
  }
}

/**
 * Learning statistics with renamed cause ids folded into their new id; counts for ids the knowledge no
 * longer has are dropped, and the outcomes they stood for no longer count as confirmed.
 */
export function migrateStats(causes: readonly Cause[], renamed: Readonly<Record<string, string>>, stats: OutcomeStats): OutcomeStats {
  const known = new Set(causes.map((c) => c.id));
  let droppedWorked = 0;
  const fold = (bucket: Record<string, number>, isWorked: boolean): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const [id, n] of Object.entries(bucket)) {
      const target = renamed[id] ?? id;
      if (known.has(target)) out[target] = (out[target] ?? 0) + n;
      else if (isWorked) droppedWorked += n;
    }
    return out;
  };
  const worked = fold(stats.worked, true);
  return { worked, failed: fold(stats.failed, false), confirmed: Math.max(0, Math.round((stats.confirmed - droppedWorked) * 1e9) / 1e9) };
}
