import type { CaseMessage } from './handoff/handoffDesk.ts';

/** Bytes of transcript a hand-off carries; the whole event must stay under a channel's 256 KB limit. */
export const TRANSCRIPT_BUDGET_BYTES = 96 * 1024;
/** Characters of one transcript line an agent is shown. */
export const TRANSCRIPT_LINE_CHARS = 4000;

/**
 * The newest transcript lines that fit TRANSCRIPT_BUDGET_BYTES (as JSON), each cut to
 * TRANSCRIPT_LINE_CHARS, oldest first; what does not fit is left out from the oldest end.
 */
export function boundTranscript(lines: readonly CaseMessage[]): CaseMessage[] {
  const kept: CaseMessage[] = [];
  let bytes = 0;
  for (const line of [...lines].reverse()) {
    const cut = line.text.length > TRANSCRIPT_LINE_CHARS ? { ...line, text: `${line.text.slice(0, TRANSCRIPT_LINE_CHARS)}…` } : line;
    bytes += Buffer.byteLength(JSON.stringify(cut)) + 1;
    if (bytes > TRANSCRIPT_BUDGET_BYTES) break;
    kept.push(cut);
  }
  return kept.reverse();
}
