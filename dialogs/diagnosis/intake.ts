import { absorb, type Absorbed } from './absorb.ts';
import type { Diagnoser } from './diagnoser.ts';
import type { Understanding } from './language/languageModel.ts';
import { findPhrase } from './language/normalise.ts';
import { acknowledgement, handoff, proceed } from './proceed.ts';
import type { Session, StepResult } from './session.ts';

/**
 * The person describes the problem: out of scope or off-topic goes to a person at once; fixes the person already
 * tried count as failed (and when the scope says the step after that fix is risky, a person takes over);
 * otherwise the diagnosis starts from what the message says.
 */
export function describe(d: Diagnoser, session: Session, u: Understanding, priors?: ReadonlyMap<string, number>): StepResult {
  const { topic } = u;
  const known = u.errorIds.length > 0;
  // The knowledge wins over the vocabulary: an error it knows (and has a fix for) is not out of scope.
  const errorTexts = d.knowledge.errors.filter((e) => u.errorIds.includes(e.id)).flatMap((e) => [...e.messages, ...e.localizedMessages, e.code?.hex ?? '']).join(' | ');
  if (topic.outOfScope.some((phrase) => findPhrase(errorTexts, phrase).length === 0)) return handoff(session, 'out-of-scope', [{ kind: 'message', id: 'handoff-out-of-scope' }]);
  // Another product, a printer, a device inside a working session, or something taken for Remote Desktop (a
  // meeting's screen control, a mapped drive), and no error: a person helps better than questions.
  const isRdp = topic.rdp || topic.remote || known || u.codes.main.length > 0;
  const offTopic = !known && u.codes.main.length === 0 && ((topic.offTopic && (!topic.rdp || topic.insideSession)) || topic.mistaken);
  if (offTopic || (!isRdp && u.intent.intent === 'offtopic' && u.intent.confidence >= OFF_TOPIC_CONFIDENCE)) {
    return handoff(session, 'off-topic', [{ kind: 'message', id: 'offtopic-handoff' }]);
  }
  const absorbed = withTriedFixes(d, absorb(d, session, u, 'stated', u.saysNoCode), u, priors);
  if ('replies' in absorbed) return absorbed;
  return proceed(d, absorbed.session, acknowledgement(absorbed), priors);
}

/**
 * Fixes the message says the person already did (in the opening or in any answer), recorded as failed attempts made
 * before the conversation. When one of them is a fix after whose failure the next step is for an engineer
 * (`handOffIfItFails`: the key-store reset, Azure's configuration reset, the domain trust repair), tried for a cause
 * the evidence leaves plausible, a person takes over (the step's result). Any other fix the person tried rules its
 * cause out and the diagnosis goes on ("0x904 / 7 even after we removed the old cert").
 */
export function withTriedFixes(d: Diagnoser, absorbed: Absorbed, u: Understanding, priors?: ReadonlyMap<string, number>): Absorbed | StepResult {
  const tried = u.triedFixes.filter((id) => !absorbed.session.fixesTried.some((f) => f.fixId === id));
  if (tried.length === 0) return absorbed;
  const before = d.decide(absorbed.session, priors).ranked;
  const riskyNext = tried.some((id) => d.knowledge.fixes.find((f) => f.id === id)?.handOffIfItFails && before.some((r) => r.cause.fix === id && r.p >= d.options.plausible));
  const session = withTried(d, absorbed.session, tried);
  if (riskyNext) return handoff(session, 'failed-fixes', [...acknowledgement(absorbed), { kind: 'message', id: 'handoff-tried-already' }]);
  return { ...absorbed, session, progress: true };
}

/**
 * How sure the intent classifier must be that a first message naming nothing of Remote Desktop (and nothing on the
 * vocabulary's off-topic list) is off-topic before a person takes it. A problem told vaguely ("the document server
 * thing is broken for the whole firm") scores 0.5-0.6 and is worth the error-code question; what is plainly
 * something else ("my teams camera is black", "sap is slow today") scores above.
 */
const OFF_TOPIC_CONFIDENCE = 0.6;

/** The fixes the person tried before, as failed attempts (marked `before`) whose causes are ruled out. */
function withTried(d: Diagnoser, session: Session, fixIds: readonly string[]): Session {
  const attempts = fixIds.map((fixId) => ({ fixId, causeIds: d.knowledge.causes.filter((c) => c.fix === fixId).map((c) => c.id), outcome: 'failed' as const, before: true as const }));
  const ruledOut = [...session.evidence.ruledOut, ...attempts.flatMap((a) => a.causeIds)];
  return { ...session, fixesTried: [...session.fixesTried, ...attempts], evidence: { ...session.evidence, ruledOut } };
}
