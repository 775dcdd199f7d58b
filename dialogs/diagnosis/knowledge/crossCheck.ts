import type { Utterances } from '../knowledgeTypes.ts';
import { phrasePattern, wordsOf } from '../language/normalise.ts';
import type { Problem } from './problem.ts';
import type { RawCause, RawError, RawFix, RawLikelihood, RawQuestion } from './rawTypes.ts';
import { checkSafety } from './safetyCheck.ts';
import type { PathSegment, SourceDocument } from './sourceDocument.ts';

export type Located<T> = { doc: SourceDocument; path: PathSegment[]; value: T };

export type Collection = {
  errors: Array<Located<RawError>>;
  questions: Array<Located<RawQuestion>>;
  causes: Array<Located<RawCause>>;
  fixes: Array<Located<RawFix>>;
  utterances?: Located<Utterances>;
  resolve: (likelihood: RawLikelihood) => number;
  /** Kinds with a file that failed to parse or validate: checks that need them are skipped (the file's own problem is reported). */
  incomplete: Set<'errors' | 'questions' | 'causes' | 'fixes'>;
};

/** Causes whose answers differ by less than this on every question cannot be told apart. */
export const SEPARATION_THRESHOLD = 0.2;

/** Checks what a schema cannot: ids, references, reachability and whether causes can be told apart. */
export function crossCheck(c: Collection): Problem[] {
  return [
    ...checkDuplicates('cause', c.causes),
    ...checkDuplicates('fix', c.fixes),
    ...checkDuplicates('question', c.questions),
    ...checkDuplicates('error', c.errors),
    ...checkFileNames(c),
    ...checkReferences(c),
    ...(c.incomplete.has('errors') ? [] : checkReachability(c)),
    ...(c.incomplete.size > 0 ? [] : checkSeparable(c)),
    ...checkPhrases(c),
    ...checkUtterances(c),
    ...(c.incomplete.has('fixes') && c.incomplete.has('causes') ? [] : checkSafety(c)),
  ];
}

function at<T>(item: Located<T>, sub: PathSegment[], message: string, id: string, hint?: string, key = false): Problem {
  return item.doc.problemAt([...item.path, ...sub], message, { id, key, ...(hint ? { hint } : {}) });
}

function checkDuplicates<T extends { id: string }>(kind: string, items: Array<Located<T>>): Problem[] {
  const first = new Map<string, Located<T>>();
  const problems: Problem[] = [];
  for (const item of items) {
    const earlier = first.get(item.value.id);
    if (!earlier) {
      first.set(item.value.id, item);
      continue;
    }
    const where = earlier.doc.positionOf([...earlier.path, 'id']);
    problems.push(at(item, ['id'], `duplicate ${kind} id`, item.value.id, `also defined at ${earlier.doc.file}:${where.line}`));
  }
  return problems;
}

function checkFileNames(c: Collection): Problem[] {
  const items: Array<Located<{ id: string }>> = [...c.causes, ...c.fixes];
  return items
    .filter((item) => !item.doc.file.endsWith(`/${item.value.id}.yaml`))
    .map((item) => at(item, ['id'], 'file name does not match the id', item.value.id, `rename the file to ${item.value.id}.yaml`));
}

function checkReferences(c: Collection): Problem[] {
  const problems: Problem[] = [];
  const fixes = new Set(c.fixes.map((f) => f.value.id));
  const causes = new Set(c.causes.map((f) => f.value.id));
  const questions = new Map(c.questions.map((q) => [q.value.id, q.value]));
  const usedFixes = new Set<string>();
  for (const cause of c.causes) {
    const { fix, id, evidence } = cause.value;
    if (fix) usedFixes.add(fix);
    if (fix && !fixes.has(fix) && !c.incomplete.has('fixes')) problems.push(at(cause, ['fix'], `unknown fix "${fix}"`, id, 'add fixes/<id>.yaml or correct the id'));
    for (const questionId of Object.keys(evidence)) {
      const question = questions.get(questionId);
      if (!question && c.incomplete.has('questions')) continue;
      if (!question) problems.push(at(cause, ['evidence', questionId], `unknown question "${questionId}"`, id, 'see questions.yaml', true));
      else if (question.kind === 'error-code') problems.push(at(cause, ['evidence', questionId], `"${questionId}" is answered with an error code; list the cause in errors.yaml instead`, id, undefined, true));
    }
  }
  for (const question of c.questions) {
    (question.value.answeredInstead ?? []).forEach((other, index) => {
      if (!questions.has(other) || other === question.value.id) problems.push(at(question, ['answeredInstead', index], `unknown question "${other}"`, question.value.id, 'name another question of questions.yaml'));
    });
  }
  const named = new Map<string, string>();
  for (const error of c.errors) {
    (error.value.clientNames ?? []).forEach((name, index) => {
      const other = named.get(name.toUpperCase());
      if (other) problems.push(at(error, ['clientNames', index], `"${name}" is also listed by ${other}`, error.value.id, 'a client name says one thing'));
      else named.set(name.toUpperCase(), error.value.id);
    });
  }
  const quoted = new Map<string, string>();
  for (const error of c.errors) {
    (error.value.localizedMessages ?? []).forEach((message, index) => {
      // The same words, whatever the punctuation ("... s'est produite" and "... s'est produite.").
      const text = wordsOf(message.text).join(' ');
      const other = quoted.get(text);
      if (other === error.value.id) problems.push(at(error, ['localizedMessages', index, 'text'], `"${message.text}" is listed twice`, error.value.id, 'remove one'));
      else if (other) problems.push(at(error, ['localizedMessages', index, 'text'], `"${message.text}" is also listed by ${other}`, error.value.id, 'a dialog text says one thing: keep it in one entry'));
      else quoted.set(text, error.value.id);
    });
  }
  for (const error of c.errors) {
    error.value.causes.forEach((ref, index) => {
      if (!causes.has(ref.cause) && !c.incomplete.has('causes')) problems.push(at(error, ['causes', index, 'cause'], `unknown cause "${ref.cause}"`, error.value.id, 'add causes/<id>.yaml or correct the id'));
    });
  }
  for (const fix of c.incomplete.has('causes') ? [] : c.fixes) {
    if (!usedFixes.has(fix.value.id)) problems.push(at(fix, ['id'], 'no cause uses this fix', fix.value.id, 'reference it from a cause or delete it'));
  }
  return problems;
}

function checkReachability(c: Collection): Problem[] {
  const reachable = new Set(c.errors.flatMap((e) => e.value.causes.map((ref) => ref.cause)));
  const problems = c.causes
    .filter((cause) => !reachable.has(cause.value.id))
    .map((cause) => at(cause, ['id'], 'unreachable: no error code or the generic entry points to this cause', cause.value.id, 'list it under an entry in errors.yaml'));
  const generic = c.errors.filter((e) => e.value.generic === true);
  if (generic.length !== 1 && c.errors.length > 0) {
    const first = c.errors[0];
    if (first) problems.push(first.doc.problemAt(['errors'], `expected exactly one generic entry (generic: true), found ${generic.length}`, { hint: 'people without a code need one' }));
  }
  return problems;
}

function checkSeparable(c: Collection): Problem[] {
  const problems: Problem[] = [];
  const yesNo = c.questions.filter((q) => (q.value.kind ?? 'yes-no') === 'yes-no').map((q) => q.value);
  const pYes = (cause: RawCause, q: RawQuestion): number => c.resolve(cause.evidence[q.id] ?? q.otherwise ?? 0);
  const errorProfile = (cause: RawCause): number[] =>
    c.errors.filter((e) => !e.value.generic).map((e) => c.resolve(e.value.causes.find((r) => r.cause === cause.id)?.likelihood ?? 0));
  const byId = new Map(c.causes.map((cause) => [cause.value.id, cause]));
  const reported = new Set<string>();
  for (const error of c.errors) {
    const members = error.value.causes.map((r) => byId.get(r.cause)).filter((x): x is Located<RawCause> => x !== undefined);
    for (const [i, a] of members.entries()) {
      for (const b of members.slice(i + 1)) {
        const pair = [a.value.id, b.value.id].sort().join('|');
        if (reported.has(pair) || (a.value.fix && a.value.fix === b.value.fix)) continue;
        const questionGap = Math.max(0, ...yesNo.map((q) => Math.abs(pYes(a.value, q) - pYes(b.value, q))));
        const [ea, eb] = [errorProfile(a.value), errorProfile(b.value)];
        const errorGap = Math.max(0, ...ea.map((p, k) => Math.abs(p - (eb[k] ?? 0))));
        if (Math.max(questionGap, errorGap) >= SEPARATION_THRESHOLD) continue;
        reported.add(pair);
        problems.push(
          at(b, ['evidence'], `cannot be told apart from "${a.value.id}": both follow from "${error.value.id}" and no question or error separates them`, b.value.id, 'give one of them evidence on a question that tells them apart', true),
        );
      }
    }
  }
  return problems;
}

function checkPhrases(c: Collection): Problem[] {
  return c.questions.flatMap((q) => {
    const yes = new Set(q.value.phrases?.yes ?? []);
    const both = (q.value.phrases?.no ?? [])
      .filter((phrase) => yes.has(phrase))
      .map((phrase) => at(q, ['phrases'], `"${phrase}" is both a yes and a no phrase`, q.value.id, 'keep it in one list'));
    const broken = (['yes', 'no', 'neither'] as const).flatMap((list) => malformed(q, ['phrases', list], q.value.phrases?.[list] ?? [], q.value.id));
    return [...both, ...broken];
  }).concat(c.fixes.flatMap((f) => [...malformed(f, ['tried'], f.value.tried ?? [], f.value.id), ...malformed(f, ['notTried'], f.value.notTried ?? [], f.value.id)]));
}

/** A problem for each phrase of `phrases` (at `path` in `item`) that is not a valid phrase pattern. */
function malformed<T>(item: Located<T>, path: PathSegment[], phrases: readonly string[], id: string): Problem[] {
  return phrases.flatMap((phrase, index) =>
    isWellFormed(phrase) ? [] : [at(item, [...path, index], `"${phrase}" is not a valid phrase pattern`, id, 'use (a|b) for alternatives and [x] for optional words, balanced')],
  );
}

function isWellFormed(phrase: string): boolean {
  let depth = 0;
  for (const char of phrase) {
    if (char === '(' || char === '[') depth += 1;
    if (char === ')' || char === ']') depth -= 1;
    if (depth < 0 || depth > 1) return false;
  }
  if (depth !== 0) return false;
  try {
    phrasePattern(phrase);
    return true;
  } catch {
    return false;
  }
}

function checkUtterances(c: Collection): Problem[] {
  if (!c.utterances) return [];
  const owner = new Map<string, string>();
  const problems: Problem[] = [];
  const groups = [...Object.entries(c.utterances.value.intents), ...Object.entries(c.utterances.value.answers)];
  for (const [label, examples] of groups) {
    for (const example of examples) {
      const normalised = example.trim().toLowerCase();
      const previous = owner.get(normalised);
      if (previous && previous !== label) {
        problems.push(c.utterances.doc.problemAt(['intents'], `"${example}" is listed under both ${previous} and ${label}`, { hint: 'an example must teach one label' }));
      }
      owner.set(normalised, label);
    }
  }
  return problems;
}
