import { chmod, cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { knowledgeCache } from '../../bot/knowledgeCache.ts';
import { KnowledgeError, loadKnowledge } from '../../bot/loadKnowledge.ts';
import { TINY_DIR } from '../helpers/knowledgeFiles.ts';

describe('knowledgeCache', () => {
  let dir: string;
  let knowledgeDir: string;
  let cacheDir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kcache-'));
    knowledgeDir = path.join(dir, 'knowledge');
    cacheDir = path.join(dir, 'cache');
    await cp(TINY_DIR, knowledgeDir, { recursive: true });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gives a restart the knowledge validated by the previous start of the same files, equal to a fresh validation', async () => {
    const first = await loadKnowledge(knowledgeDir, knowledgeCache(cacheDir));
    expect(await readdir(cacheDir)).toHaveLength(1);
    const again = await loadKnowledge(knowledgeDir, knowledgeCache(cacheDir));
    expect(again).toEqual(first);
    expect(again.knowledge).not.toBe(first.knowledge);
    // Proof that the second start read the cache: an entry changed in place is what it gets.
    const [entry = ''] = await readdir(cacheDir);
    const cached = JSON.parse(await readFile(path.join(cacheDir, entry), 'utf8')) as { knowledge: { release: string } };
    cached.knowledge.release = 'from-the-cache';
    await writeFile(path.join(cacheDir, entry), JSON.stringify(cached));
    expect((await loadKnowledge(knowledgeDir, knowledgeCache(cacheDir))).knowledge.release).toBe('from-the-cache');
  });

  it('validates again when a file changed: a broken file is refused even though the old content is cached', async () => {
    await loadKnowledge(knowledgeDir, knowledgeCache(cacheDir));
    const errors = path.join(knowledgeDir, 'errors.yaml');
    await writeFile(errors, `${await readFile(errors, 'utf8')}\nnot: [valid\n`);
    await expect(loadKnowledge(knowledgeDir, knowledgeCache(cacheDir))).rejects.toBeInstanceOf(KnowledgeError);
  });

  it('ignores a cache others may write, and a corrupt entry', async () => {
    const fresh = await loadKnowledge(knowledgeDir, knowledgeCache(cacheDir));
    const [entry = ''] = await readdir(cacheDir);
    const cached = JSON.parse(await readFile(path.join(cacheDir, entry), 'utf8')) as { knowledge: { release: string } };
    cached.knowledge.release = 'planted';
    await writeFile(path.join(cacheDir, entry), JSON.stringify(cached));
    await chmod(cacheDir, 0o777);
    expect((await loadKnowledge(knowledgeDir, knowledgeCache(cacheDir))).knowledge.release).toBe(fresh.knowledge.release);
    await chmod(cacheDir, 0o700);
    await writeFile(path.join(cacheDir, entry), '{"contentHash":');
    expect((await loadKnowledge(knowledgeDir, knowledgeCache(cacheDir))).knowledge).toEqual(fresh.knowledge);
  });
});
