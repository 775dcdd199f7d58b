import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { KnowledgeFile } from '../dialogs/diagnosis/knowledge/compileKnowledge.ts';
import { formatProblem, type Problem } from '../dialogs/diagnosis/knowledge/problem.ts';
import type { Knowledge } from '../dialogs/diagnosis/knowledgeTypes.ts';
import type { KnowledgeCache } from './knowledgeCache.ts';

export type LoadedKnowledge = { knowledge: Knowledge; hash: string; directory: string };

/** Thrown when the knowledge folder has problems; `message` lists them all as file:line:column lines. */
export class KnowledgeError extends Error {
  readonly problems: Problem[];
  constructor(directory: string, problems: Problem[]) {
    super(`Knowledge in ${directory} is invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'KnowledgeError';
    this.problems = problems;
  }
}

export const DEFAULT_KNOWLEDGE_DIR = path.resolve(import.meta.dirname, '..', 'knowledge');

/** Reads every YAML file under `directory` (paths relative to it). */
export async function readKnowledgeFiles(directory: string): Promise<KnowledgeFile[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  return Promise.all(
    files.map(async (file) => ({ path: path.relative(directory, file).split(path.sep).join('/'), text: await readFile(file, 'utf8') })),
  );
}

/**
 * Loads and validates the knowledge folder; throws KnowledgeError listing every problem. With a `cache`, the
 * knowledge validated at an earlier start from the very same files (and compiler) is taken from it instead.
 */
export async function loadKnowledge(directory = DEFAULT_KNOWLEDGE_DIR, cache?: KnowledgeCache): Promise<LoadedKnowledge> {
  const files = await readKnowledgeFiles(directory).catch((error: NodeJS.ErrnoException) => {
    const problem = { file: directory, line: 1, column: 1, message: `cannot read the folder (${error.code ?? error.message})`, hint: 'check KNOWLEDGE_DIR' };
    throw new KnowledgeError(directory, [problem]);
  });
  const hash = contentHash(files);
  const cached = await cache?.get(hash);
  if (cached) return { knowledge: cached, hash, directory };
  // Imported on demand: on a cached start the YAML parser and the schema compiler are not needed.
  const { compileKnowledge } = await import('../dialogs/diagnosis/knowledge/compileKnowledge.ts');
  const { knowledge, problems } = compileKnowledge(files);
  if (!knowledge) throw new KnowledgeError(directory, problems);
  await cache?.set(hash, knowledge);
  return { knowledge, hash, directory };
}

/** sha256 over every file's path and text, so /healthz can show exactly which content is live. */
export function contentHash(files: KnowledgeFile[]): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) hash.update(`${file.path}\0${file.text}\0`);
  return hash.digest('hex');
}
