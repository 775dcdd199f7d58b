import { readKnowledgeFiles } from '../../bot/loadKnowledge.ts';
import { expect } from 'vitest';
import { compileKnowledge, type KnowledgeFile } from '../../dialogs/diagnosis/knowledge/compileKnowledge.ts';
import { formatProblem } from '../../dialogs/diagnosis/knowledge/problem.ts';

export const TINY_DIR = 'test/fixtures/knowledge/tiny';

/** The files of a knowledge folder, editable in memory. */
export async function knowledgeFiles(directory = TINY_DIR): Promise<KnowledgeFile[]> {
  return readKnowledgeFiles(directory);
}

/** A copy of `files` with one file's text changed (or added when it does not exist). */
export function withFile(files: KnowledgeFile[], path: string, edit: (text: string) => string): KnowledgeFile[] {
  const existing = files.find((f) => f.path === path);
  const text = edit(existing?.text ?? '');
  return existing ? files.map((f) => (f.path === path ? { path, text } : f)) : [...files, { path, text }];
}

/** 1-based line and column of the first occurrence of `needle` in `text`. */
export function positionOf(text: string, needle: string): { line: number; column: number } {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`"${needle}" not found`);
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/** The problems of a knowledge set that must not compile, formatted as kb:check prints them. */
export function problemsOf(files: KnowledgeFile[]): string[] {
  const result = compileKnowledge(files);
  expect(result.knowledge).toBeUndefined();
  return result.problems.map(formatProblem);
}

/** The text of one file of the set ('' when it is missing). */
export function textOf(files: KnowledgeFile[], path: string): string {
  return files.find((f) => f.path === path)?.text ?? '';
}
