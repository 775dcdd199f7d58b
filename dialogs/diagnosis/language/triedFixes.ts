import type { Fix, Question } from '../knowledgeTypes.ts';
import { buildFactExtractor } from './factExtractor.ts';
import type { Lexicon } from './lexicon.ts';
import { anyPhrase, normalise, WORD_END, WORD_START, wordsOf } from './normalise.ts';

export type TriedFixFinder = { find(text: string): string[] };

/** A technical name: an inner capital (MachineKeys, RDPSettings, fDenyTSConnections) or a console (certlm.msc). */
const TECHNICAL = /\p{Ll}\p{Lu}|\p{Lu}{2,}\p{Ll}|\.(?:msc|exe|cpl)$/u;
const NAME = /[\p{L}\p{N}]+(?:[\-.][\p{L}\p{N}]+)*/gu;
/** A file or registry path: only its last part names what the fix works on (MachineKeys, not ProgramData on the way there). */
const PATH = /[^\s"'`]*[\\/][^\s"'`]*/g;
const leaves = (text: string): string => text.replace(PATH, (path) => path.split(/[\\/]/).filter(Boolean).at(-1) ?? '');
/**
 * Rights taken away are damage, not a repair: "a hardening script removed Everyone from ...\\MachineKeys", "removed
 * read access for Everyone on MachineKeys" broke the key store. In such a sentence a fix's technical names do not say
 * it was done (its own `tried` phrases still do); "deleted the Store subkey from MSLicensing" is a repair.
 */
const REVOKED = /(?<![\p{L}\p{N}])(?:removed|removing|revoked|revoking|stripped|stripping|took away|taken away|deleted)\b[^.!?\n]{0,60}?\b(?:everyone|permissions?|access|rights|acls?|ownership)(?![\p{L}\p{N}])/iu;

/**
 * Finds fixes the person says they already tried: a sentence with a "tried" word and a technical name only that
 * fix uses (a registry value, a command id, a console, a path's last part), taken from its steps' commands and paths ("we already ran
 * the RDPSettings command"); or one of the fix's own `tried` phrases, said in the person's words ("I deleted the
 * expired cert"), read as question phrases are: not when negated ("I haven't deleted the cert") or in doubt, and not in a
 * sentence that asks, plans, fails to do it or reports advice (the vocabulary's `alreadyTried.notDone`).
 */
export function buildTriedFixFinder(fixes: readonly Fix[], lexicon: Lexicon, triedWords: readonly string[], notDone: readonly string[] = []): TriedFixFinder {
  const namesIn = (steps: Fix['steps']): Set<string> =>
    new Set(
      steps
        .flatMap((s) => leaves(`${s.command?.code ?? ''} ${s.gui ?? ''}`).match(NAME) ?? [])
        .filter((w) => TECHNICAL.test(w))
        .flatMap((w) => wordsOf(w).map((x) => lexicon.canonical(x))),
    );
  // A fix whose failure hands off (the next step is for an engineer) is named only by its changes, not by what its
  // low-risk checks also run: "I ran Test-ComputerSecureChannel and it returned False" is the check, not the repair.
  const namesOf = (fix: Fix): Set<string> => {
    if (!fix.handOffIfItFails) return namesIn(fix.steps);
    const checks = namesIn(fix.steps.filter((s) => s.risk === 'low'));
    return new Set([...namesIn(fix.steps.filter((s) => s.risk !== 'low'))].filter((n) => !checks.has(n)));
  };
  const all = fixes.map((fix) => ({ id: fix.id, names: namesOf(fix) }));
  const usedBy = new Map<string, number>();
  for (const { names } of all) for (const name of names) usedBy.set(name, (usedBy.get(name) ?? 0) + 1);
  const distinctive = all.map(({ id, names }) => ({ id, names: new Set([...names].filter((n) => usedBy.get(n) === 1 && !lexicon.isStopWord(n))) }));
  const tried = new Set(triedWords.map((w) => lexicon.canonical(w)));
  // Each fix's phrases as a yes-no question of its own, so negation, doubt and clauses work as for facts.
  const said = buildFactExtractor(
    fixes.filter((fix) => (fix.tried ?? []).length > 0).map((fix): Pick<Question, 'id' | 'kind' | 'phrases'> => ({ id: fix.id, kind: 'yes-no', phrases: { yes: fix.tried ?? [], no: [], neither: fix.notTried ?? [] } })),
    lexicon,
  );
  const planned = notDone.length > 0 ? new RegExp(`${WORD_START}${anyPhrase(notDone)}${WORD_END}`, 'u') : undefined;
  /** The sentence up to its first word of plan, advice, question or failure: what is told as done comes before it. */
  const done = (sentence: string): string => {
    const t = normalise(sentence);
    const at = planned?.exec(t)?.index;
    return at === undefined ? t : t.slice(0, at);
  };
  return {
    find(text) {
      const found = new Set<string>();
      // Sentences rather than clauses: a path (C:\ProgramData\...\MachineKeys) or a colon must not cut the name off.
      for (const sentence of text.split(/(?<=[.!?])\s+|\n+/)) {
        // Stemming loses tense ("delete", "deleted"): after a word that plans, asks, fails to or reports advice ("the
        // article says reset ...", "I haven't deleted it yet") nothing counts, while a fix told before one does ("our
        // admin reset the permissions ... like the article says"). A question counts only for what is told before its
        // last comma ("we already deleted the cert, what now?"; not "should I delete the cert?").
        const asked = /\?\s*$/u.test(sentence);
        const comma = sentence.lastIndexOf(',');
        if (asked && comma < 0) continue;
        const told = done(asked ? sentence.slice(0, comma) : sentence);
        for (const fact of said.extract(told)) if (fact.value === 'yes') found.add(fact.questionId);
        const words = wordsOf(told).map((w) => lexicon.canonical(w));
        if (!words.some((w) => tried.has(w)) || REVOKED.test(told)) continue;
        for (const { id, names } of distinctive) if (words.some((w) => names.has(w))) found.add(id);
      }
      return [...found];
    },
  };
}
