import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';

/** Files (from node_modules, relative to it) a module loads when imported in a fresh process. */
function filesLoadedBy(modulePath: string): string[] {
  const script = `import(${JSON.stringify(modulePath)}).then(() => {
    const cache = require('node:module').createRequire(process.cwd() + '/').cache;
    console.log(JSON.stringify(Object.keys(cache).filter((file) => file.includes('node_modules/')).map((file) => file.slice(file.lastIndexOf('node_modules/') + 13))));
  })`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=commonjs', '-e', script], { encoding: 'utf8' })) as string[];
}

const packageOf = (file: string): string => /^((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? file;

describe('start-up weight', () => {
  let files: string[];
  beforeAll(() => {
    files = filesLoadedBy('./bot/service.ts');
  });

  it('loads botbuilder-dialogs without the text recognizers of its prompts', () => {
    const loaded = new Set(files.map(packageOf));
    expect(loaded).toContain('botbuilder-dialogs');
    expect([...loaded].filter((name) => name.startsWith('@microsoft/recognizers'))).toEqual([]);
  });

  it('loads the YAML parser only when the knowledge is compiled, not with the service (a restart takes it from the cache)', () => {
    expect(files.filter((file) => file.startsWith('yaml/'))).toEqual([]);
  });

  it("loads natural's stemmer, classifier and distance by file: none of its index modules (every language's stemmers, classifiers, sentiment lists)", () => {
    const natural = files.filter((file) => file.startsWith('natural/'));
    expect(natural).toContain('natural/lib/natural/stemmers/porter_stemmer.js');
    expect(natural.filter((file) => file.endsWith('/index.js') || (file.includes('/sentiment/') && !file.endsWith('negations_en.json')))).toEqual([]);
    expect(files.map(packageOf).filter((name) => name === 'stopwords-iso' || name.startsWith('afinn-165-'))).toEqual([]);
  });
});
