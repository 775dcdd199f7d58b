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
});
