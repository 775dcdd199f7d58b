import { describe, expect, it } from 'vitest';
import { boundText, MAX_TEXT_CHARS, MAX_WORD_CHARS } from '../../../dialogs/diagnosis/language/boundText.ts';

describe('boundText', () => {
  it('leaves an ordinary message alone', () => {
    expect(boundText('rdp fails with 0x904 extended 0x7')).toEqual({ text: 'rdp fails with 0x904 extended 0x7', truncated: false });
  });

  it('keeps the start of a long message and says it was cut', () => {
    const long = 'remote desktop fails with 0x904 '.repeat(500);
    const { text, truncated } = boundText(long);
    expect(truncated).toBe(true);
    expect(text.length).toBeLessThanOrEqual(MAX_TEXT_CHARS);
    expect(long.startsWith(text)).toBe(true);
  });

  it('cuts every over-long word, keeping the words around it', () => {
    const { text, truncated } = boundText(`error 0x904 ${'z'.repeat(240_000)} on vpn`);
    expect(truncated).toBe(true);
    expect(text).toBe(`error 0x904 ${'z'.repeat(MAX_WORD_CHARS)} on vpn`);
  });

  it('never leaves half of a surrogate pair at a cut', () => {
    const { text } = boundText('😀'.repeat(MAX_TEXT_CHARS));
    expect(text.length).toBeLessThanOrEqual(MAX_TEXT_CHARS);
    expect(text).not.toMatch(/[\uD800-\uDBFF]$/);
  });
});
