import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runtimeFlags } from '../../bench/benchProcess.ts';

describe('runtime flags', () => {
  it('runs the Docker image with the V8 heap flags of npm start (the benchmark measures the service with them)', () => {
    const flags = runtimeFlags();
    expect(flags.some((f) => f.startsWith('--max-semi-space-size='))).toBe(true);
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync('Dockerfile', 'utf8'))?.[1] ?? '[]';
    const args = JSON.parse(cmd) as string[];
    expect(args.filter((a) => a.startsWith('--'))).toEqual(flags);
    expect(args.at(-1)).toBe('bot/main.ts');
  });
});
