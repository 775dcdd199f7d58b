import { execFileSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../bot/logger.ts';

function capture(level = 'info'): { logger: ReturnType<typeof createLogger>; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _e, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger(level, sink), lines };
}

describe('logger', () => {
  it('logs errors with name, message and stack only, even when the SDK wraps the dialog state in them', () => {
    const { logger, lines } = capture();
    const inner = new ReferenceError('x is not defined');
    const wrapped = Object.assign(new Error('x is not defined'), { name: 'DialogContextError', error: inner, dialogContext: { stack: [{ state: { transcript: ['my hostname is srv-secret'] } }] } });
    logger.error({ err: wrapped }, 'turn failed');
    const line = JSON.parse(lines[0] ?? '{}') as { err: Record<string, unknown> };
    expect(line.err).toMatchObject({ type: 'DialogContextError', message: 'x is not defined', cause: { type: 'ReferenceError' } });
    expect(lines.join('')).not.toContain('srv-secret');
  });

  it('redacts authorization headers and secrets', () => {
    const { logger, lines } = capture();
    logger.info({ headers: { authorization: 'Bearer abc.def.ghi' }, config: { auth: { appPassword: 'p@ss' } } }, 'request');
    expect(lines.join('')).not.toMatch(/abc\.def\.ghi|p@ss/);
  });

  it('writes stdout without blocking, and every line still arrives when the process exits at once', () => {
    const script = `import('./bot/logger.ts').then(({ createLogger }) => {
      const logger = createLogger('info');
      const before = performance.now();
      for (let i = 0; i < 2000; i += 1) logger.info({ i }, 'line');
      logger.fatal({ ms: performance.now() - before }, 'leaving now');
      process.exit(1);
    })`;
    let stdout = '';
    try {
      execFileSync(process.execPath, ['--input-type=commonjs', '-e', script], { encoding: 'utf8', maxBuffer: 2 ** 24 });
    } catch (error) {
      stdout = (error as { stdout: string }).stdout;
    }
    const lines = stdout.trim().split('\n').map((line) => JSON.parse(line) as { msg: string });
    expect(lines.filter((l) => l.msg === 'line')).toHaveLength(2000);
    expect(lines.at(-1)?.msg).toBe('leaving now');
  });
});
