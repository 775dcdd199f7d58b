// The validated knowledge of the last start, kept next to Node's compile cache: parsing the YAML, checking it
// against the JSON Schemas (ajv compiles them at every start) and the cross-checks are a quarter of the
// start-up, and their result depends only on the knowledge files and on the code that compiles them.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Knowledge } from '../dialogs/diagnosis/knowledgeTypes.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
/** The code whose output the cache holds: the compiler, the types and ids it checks, the schemas. */
const COMPILER_SOURCES = ['dialogs/diagnosis/knowledge', 'dialogs/diagnosis/knowledgeTypes.ts', 'dialogs/diagnosis/messageIds.ts', 'knowledge/schema'];

export type KnowledgeCache = { get(contentHash: string): Promise<Knowledge | undefined>; set(contentHash: string, knowledge: Knowledge): Promise<void> };

/**
 * A cache in `directory` (default: os.tmpdir()/rdp-assistant-knowledge, created private to this user) keyed by
 * the knowledge's content hash and a hash of the compiler's own sources. Trusted only when the directory
 * belongs to this user and nobody else may write it (a shared /tmp); any problem is a miss, never an error.
 */
export function knowledgeCache(directory = path.join(os.tmpdir(), 'rdp-assistant-knowledge')): KnowledgeCache {
  let compiler: Promise<string> | undefined;
  const fileFor = async (contentHash: string): Promise<string> => {
    compiler ??= compilerHash();
    return path.join(directory, `${createHash('sha256').update(`${contentHash}\0${await compiler}`).digest('hex')}.json`);
  };
  return {
    async get(contentHash) {
      try {
        if (!(await isPrivate(directory))) return undefined;
        const cached = JSON.parse(await readFile(await fileFor(contentHash), 'utf8')) as { contentHash: string; knowledge: Knowledge };
        return cached.contentHash === contentHash ? cached.knowledge : undefined;
      } catch {
        return undefined;
      }
    },
    async set(contentHash, knowledge) {
      try {
        await mkdir(directory, { recursive: true, mode: 0o700 });
        if (!(await isPrivate(directory))) return;
        const file = await fileFor(contentHash);
        const temp = `${file}.${process.pid}.tmp`;
        await writeFile(temp, JSON.stringify({ contentHash, knowledge }), { mode: 0o600 });
        await rename(temp, file);
      } catch {
        // A read-only or full temp folder only means the next start validates again.
      }
    },
  };
}

async function isPrivate(directory: string): Promise<boolean> {
  const info = await stat(directory);
  return info.isDirectory() && info.uid === process.getuid?.() && (info.mode & 0o022) === 0;
}

async function compilerHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const source of COMPILER_SOURCES) {
    const full = path.join(ROOT, source);
    const files = (await stat(full)).isDirectory() ? (await readdir(full)).sort().map((f) => path.join(full, f)) : [full];
    for (const file of files) hash.update(`${path.relative(ROOT, file)}\0${await readFile(file, 'utf8')}\0`);
  }
  return hash.digest('hex');
}
