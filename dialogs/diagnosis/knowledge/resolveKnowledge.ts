import type { Cause, ErrorEntry, Fix, Knowledge, Question } from '../knowledgeTypes.ts';
import { MESSAGE_IDS, type MessageId } from '../messageIds.ts';
import type { RawFiles, RawLikelihood } from './rawTypes.ts';

const DEFAULT_UNSURE_RATE = 0.2;

/** Turns validated raw files into the Knowledge the engine uses: numbers for levels, defaults filled in. */
export function resolveKnowledge(files: RawFiles, resolve: (likelihood: RawLikelihood) => number): Knowledge {
  if (!files.index || !files.utterances || !files.messages || !files.vocabulary) throw new Error('resolveKnowledge needs validated files');
  const errors: ErrorEntry[] = files.errors.map((e) => ({
    id: e.id,
    title: e.title,
    ...(e.code ? { code: e.code } : {}),
    extendedCodes: e.extendedCodes ?? [],
    messages: (e.messages ?? []).map((m) => m.toLowerCase()),
    localizedMessages: (e.localizedMessages ?? []).map((m) => m.text.toLowerCase()),
    clientNames: (e.clientNames ?? []).map((n) => n.toUpperCase()),
    generic: e.generic === true,
    meaning: e.meaning,
    causes: e.causes.map((ref) => ({ cause: ref.cause, likelihood: resolve(ref.likelihood), ...(ref.estimate ? { estimate: ref.estimate } : {}) })),
    sources: e.sources,
  }));
  const questions: Question[] = files.questions.map((q) => ({
    ...q,
    kind: q.kind ?? 'yes-no',
    unsureRate: q.unsureRate ?? DEFAULT_UNSURE_RATE,
    otherwise: resolve(q.otherwise ?? 0),
    phrases: { yes: (q.phrases?.yes ?? []).map(lower), no: (q.phrases?.no ?? []).map(lower), neither: (q.phrases?.neither ?? []).map(lower) },
  }));
  const causes: Cause[] = files.causes.map((c) => ({
    ...c,
    evidence: Object.fromEntries(Object.entries(c.evidence).map(([question, p]) => [question, resolve(p)])),
    outOfScope: c.outOfScope === true,
  }));
  const fixes: Fix[] = files.fixes.map((f) => ({ ...f, steps: f.steps.map((s) => ({ ...s, lastResort: s.lastResort === true })) }));
  return {
    version: 1,
    release: files.index.release,
    errors,
    questions,
    causes,
    fixes,
    utterances: files.utterances,
    messages: usedMessages(files.messages),
    vocabulary: files.vocabulary,
    renamed: files.index.renamed ?? {},
  };
}

function lower(text: string): string {
  return text.toLowerCase();
}

/** The messages keyed by the ids the code uses (compileKnowledge has already refused any missing or unknown id). */
function usedMessages(messages: Readonly<Record<string, string>>): Record<MessageId, string> {
  return Object.fromEntries(MESSAGE_IDS.map((id) => [id, messages[id] ?? id])) as Record<MessageId, string>;
}
