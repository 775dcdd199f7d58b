import type { Knowledge, Utterances, Vocabulary } from '../knowledgeTypes.ts';
import { MESSAGE_IDS } from '../messageIds.ts';
import { crossCheck, type Collection, type Located } from './crossCheck.ts';
import { sortProblems, type Problem } from './problem.ts';
import type { RawCause, RawError, RawFiles, RawFix, RawIndex, RawLikelihood, RawQuestion } from './rawTypes.ts';
import { resolveKnowledge } from './resolveKnowledge.ts';
import { checkAgainstSchema, type FileKind } from './schemaCheck.ts';
import { SourceDocument } from './sourceDocument.ts';

/** A knowledge file: its path relative to the knowledge folder ('/'-separated) and its text. */
export type KnowledgeFile = { path: string; text: string };

export type CompileResult = { knowledge?: Knowledge; problems: Problem[] };

const SINGLE_FILES: Record<string, FileKind> = {
  'knowledge.yaml': 'index',
  'errors.yaml': 'errors',
  'questions.yaml': 'questions',
  'utterances.yaml': 'utterances',
  'messages.yaml': 'messages',
  'vocabulary.yaml': 'vocabulary',
};

/** Parses, schema-checks and cross-checks every file; returns the knowledge only when there is no problem. */
export function compileKnowledge(files: KnowledgeFile[]): CompileResult {
  const problems: Problem[] = [];
  const docs: Array<{ doc: SourceDocument; kind: FileKind; valid: boolean }> = [];
  for (const file of files) {
    const kind = kindOf(file.path);
    if (!kind) {
      problems.push({ file: file.path, line: 1, column: 1, message: 'unexpected file in the knowledge folder', hint: 'causes go in causes/, fixes in fixes/' });
      continue;
    }
    const doc = new SourceDocument(file.path, file.text);
    problems.push(...doc.problems);
    const schemaProblems = doc.data === undefined ? [] : checkAgainstSchema(doc, kind);
    problems.push(...schemaProblems);
    docs.push({ doc, kind, valid: doc.data !== undefined && schemaProblems.length === 0 });
  }
  for (const [name, kind] of Object.entries(SINGLE_FILES)) {
    if (!docs.some((d) => d.kind === kind)) problems.push({ file: name, line: 1, column: 1, message: 'required file is missing' });
  }
  const raw = collect(docs);
  problems.push(...crossCheck(raw.collection));
  const messagesDoc = docs.find((d) => d.kind === 'messages' && d.valid)?.doc;
  const used = new Set<string>(MESSAGE_IDS);
  for (const id of MESSAGE_IDS) {
    if (messagesDoc && raw.files.messages?.[id] === undefined) {
      problems.push(messagesDoc.problemAt(['messages'], `missing message "${id}"`, { hint: 'the conversation uses it' }));
    }
  }
  for (const id of Object.keys(raw.files.messages ?? {})) {
    if (messagesDoc && !used.has(id)) problems.push(messagesDoc.problemAt(['messages', id], `message "${id}" is never used`, { hint: 'remove it, or it is a typo of a used id', key: true }));
  }
  if (problems.length > 0) return { problems: sortProblems(problems) };
  return { knowledge: resolveKnowledge(raw.files, raw.collection.resolve), problems: [] };
}

function kindOf(path: string): FileKind | undefined {
  if (SINGLE_FILES[path]) return SINGLE_FILES[path];
  if (/^causes\/[^/]+\.ya?ml$/.test(path)) return 'cause';
  if (/^fixes\/[^/]+\.ya?ml$/.test(path)) return 'fix';
  return undefined;
}

function collect(docs: Array<{ doc: SourceDocument; kind: FileKind; valid: boolean }>): { files: RawFiles; collection: Collection } {
  const files: RawFiles = { errors: [], questions: [], causes: [], fixes: [] };
  const collection: Collection = { errors: [], questions: [], causes: [], fixes: [], resolve: () => 0, incomplete: new Set() };
  const plural = { errors: 'errors', questions: 'questions', cause: 'causes', fix: 'fixes' } as const;
  for (const { doc, kind, valid } of docs) {
    if (!valid) {
      if (kind in plural) collection.incomplete.add(plural[kind as keyof typeof plural]);
      continue;
    }
    const data = doc.data as Record<string, unknown>;
    if (kind === 'index') files.index = data as RawIndex;
    if (kind === 'messages') files.messages = (data as { messages: Record<string, string> }).messages;
    if (kind === 'vocabulary') files.vocabulary = data as Vocabulary;
    if (kind === 'utterances') {
      files.utterances = data as Utterances;
      collection.utterances = { doc, path: [], value: files.utterances };
    }
    if (kind === 'errors') collection.errors.push(...located(doc, 'errors', (data as { errors: RawError[] }).errors));
    if (kind === 'questions') collection.questions.push(...located(doc, 'questions', (data as { questions: RawQuestion[] }).questions));
    if (kind === 'cause') collection.causes.push({ doc, path: [], value: data as RawCause });
    if (kind === 'fix') collection.fixes.push({ doc, path: [], value: data as RawFix });
  }
  files.errors = collection.errors.map((e) => e.value);
  files.questions = collection.questions.map((q) => q.value);
  files.causes = collection.causes.map((c) => c.value);
  files.fixes = collection.fixes.map((f) => f.value);
  const levels = files.index?.likelihoodLevels;
  collection.resolve = (likelihood: RawLikelihood) => (typeof likelihood === 'number' ? likelihood : (levels?.[likelihood] ?? 0));
  return { files, collection };
}

function located<T>(doc: SourceDocument, key: string, items: T[]): Array<Located<T>> {
  return items.map((value, index) => ({ doc, path: [key, index], value }));
}
