import type { Cause, Fix, FixStep, Shell } from '../diagnosis/knowledgeTypes.ts';
import type { Wording } from '../diagnosis/wording.ts';

const SHELL_FENCE = { powershell: 'powershell', cmd: 'cmd', 'azure-cli': 'bash', bash: 'bash' } as const;

/**
 * A fix as Markdown: cause, summary, one numbered list of steps (where, admin, risk, command block, warning,
 * undo), verification, sources. Everything a step shows is indented under its list item, so the numbers
 * run on across code blocks, and every command sits in a code block or span (no typographic quotes).
 */
export function renderFixMarkdown(fix: Fix, causes: readonly Cause[], probability: number, say: Wording): string {
  const lines = [causeLine(causes, probability, say), '', fix.summary, '', `**${fix.title}**`, ''];
  const ordered = [...fix.steps.filter((s) => !s.lastResort), ...fix.steps.filter((s) => s.lastResort)];
  ordered.forEach((step, i) => lines.push(...renderStep(step, i + 1, step.lastResort === true && ordered[i - 1]?.lastResort !== true, say)));
  lines.push(`**${say('fix-check')}** ${fix.verify}`, '', sourcesLine(fix, say));
  return lines.join('\n');
}

/** A Markdown code span that survives backticks inside the code (PowerShell's escape character). */
export function inlineCode(code: string): string {
  const fence = '`'.repeat(longestRun(code, '`') + 1);
  const pad = code.startsWith('`') || code.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${code}${pad}${fence}`;
}

/** The fence for a fenced code block: longer than any run of backticks in the code. */
export function codeFence(code: string): string {
  return '`'.repeat(Math.max(3, longestRun(code, '`') + 1));
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** The cause line, e.g. "**Most likely cause:** title (about 60% likely)."; below even odds only a possible cause. */
export function causeLine(causes: readonly Cause[], probability: number, say: Wording): string {
  const label = say(probability >= 0.5 ? 'fix-most-likely' : 'fix-possible');
  return say('fix-cause', { label, title: causes.map((c) => c.title).join(' / '), percent: String(Math.round(probability * 100)) });
}

/** Where the step runs, admin, risk, e.g. "on the remote computer · needs admin rights · risk: low". */
export function stepFlags(step: FixStep, say: Wording): string {
  return [say(`where-${step.where}`), say(step.admin ? 'step-admin' : 'step-no-admin'), say('step-risk', { risk: say(`risk-${step.risk}`) })].join(' · ');
}

/** The shell's name as people know it ("PowerShell", "Command Prompt", ...). */
export function shellLabel(shell: Shell, say: Wording): string {
  return say(`shell-${shell}`);
}

/** The fix's sources as numbered Markdown links. */
export function sourcesLine(fix: Fix, say: Wording): string {
  return say('fix-sources', { links: fix.sources.map((url, i) => `[${i + 1}](${url})`).join(' ') });
}

function renderStep(step: FixStep, n: number, firstLastResort: boolean, say: Wording): string[] {
  const marker = `${n}. `;
  const pad = ' '.repeat(marker.length);
  const lead = firstLastResort ? `**${say('fix-last-resort')}** ` : '';
  const blocks: string[][] = [[`${lead}${step.text}`], [`_${stepFlags(step, say)}_`]];
  if (step.gui) blocks.push([say('step-gui', { gui: step.gui })]);
  if (step.command) {
    const fence = codeFence(step.command.code);
    blocks.push([`${shellLabel(step.command.shell, say)}:`], [`${fence}${SHELL_FENCE[step.command.shell]}`, ...step.command.code.split('\n'), fence]);
  }
  const notes = [
    step.note && say('step-note', { note: step.note }),
    step.backup && say('step-backup', { backup: step.backup }),
    step.warning && `⚠️ ${step.risk === 'high' ? `**${say('step-high-risk')}** ` : ''}${step.warning}`,
    step.undo && say('step-undo', { undo: step.undo }),
  ].filter((line): line is string => Boolean(line));
  if (notes.length > 0) blocks.push(notes.map((line) => `- ${line}`));
  // Everything indented under the item's marker stays inside that list item, code blocks included.
  const lines = blocks.flatMap((block) => ['', ...block]).slice(1);
  return [`${marker}${lines[0] ?? ''}`, ...lines.slice(1).map((line) => (line === '' ? '' : `${pad}${line}`)), ''];
}
