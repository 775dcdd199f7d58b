import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Packages the service loads when its app module is imported, in a fresh process. */
function packagesLoadedBy(modulePath: string): string[] {
  const script = `import(${JSON.stringify(modulePath)}).then(() => {
    const cache = require('node:module').createRequire(process.cwd() + '/').cache;
    const names = Object.keys(cache).map((file) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(file.slice(file.lastIndexOf('node_modules')))?.[1]);
    console.log(JSON.stringify([...new Set(names.filter(Boolean))]));
  })`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=commonjs', '-e', script], { encoding: 'utf8' })) as string[];
}

describe('start-up weight', () => {
  it('loads botbuilder-dialogs without the text recognizers of its prompts', () => {
    const loaded = packagesLoadedBy('./bot/app.ts');
    expect(loaded).toContain('botbuilder-dialogs');
    expect(loaded.filter((name) => name.startsWith('@microsoft/recognizers'))).toEqual([]);
  });
});
