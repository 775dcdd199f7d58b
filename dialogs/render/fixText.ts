import type { Cause, Fix, FixStep, Where } from '../diagnosis/knowledgeTypes.ts';

const WHERE: Record<Where, string> = {
  'client-pc': 'on your computer',
  'remote-host': 'on the remote computer',
  'azure-portal': 'in the Azure portal',
  'cloud-shell': 'in Azure Cloud Shell',
  'gateway-server': 'on the RD Gateway server',
  network: 'on the network equipment',
};

export const SHELL_LABEL = { powershell: 'PowerShell', cmd: 'Command Prompt', 'azure-cli': 'Azure CLI', bash: 'Bash' } as const;
const SHELL_FENCE = { powershell: 'powershell', cmd: 'cmd', 'azure-cli': 'bash', bash: 'bash' } as const;

/**
 * A fix as Markdown: cause, summary, one numbered list of steps (where, admin, risk, command block, warning,
 * undo), verification, sources. Everything a step shows is indented under its list item, so the numbers
 * run on across code blocks, and every command sits in a code block or span (no typographic quotes).
 */
export function renderFixMarkdown(fix: Fix, causes: readonly Cause[], probability: number): string {
  const title = causes.map((c) => c.title).join(' / ');
  const lines = [`**${causeLabel(probability)}:** ${title} (about ${Math.round(probability * 100)}% likely).`, '', fix.summary, '', `**${fix.title}**`, ''];
  const ordered = [...fix.steps.filter((s) => !s.lastResort), ...fix.steps.filter((s) => s.lastResort)];
  ordered.forEach((step, i) => lines.push(...renderStep(step, i + 1, step.lastResort === true && ordered[i - 1]?.lastResort !== true)));
  lines.push(`**Check:** ${fix.verify}`, '', `Sources: ${fix.sources.map((url, i) => `[${i + 1}](${url})`).join(' ')}`);
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

/** How sure the bot is, in words: below even odds it is only a possible cause. */
export function causeLabel(probability: number): string {
  return probability >= 0.5 ? 'Most likely cause' : 'Possible cause';
}

/** "on your computer", "in the Azure portal", ... */
export function describeWhere(where: Where): string {
  return WHERE[where];
}

function renderStep(step: FixStep, n: number, firstLastResort: boolean): string[] {
  const marker = `${n}. `;
  const pad = ' '.repeat(marker.length);
  const flags = [WHERE[step.where], step.admin ? 'needs admin rights' : 'no admin rights needed', `risk: ${step.risk}`];
  const lead = firstLastResort ? '**Only if the steps above did not help (read the warning first):** ' : '';
  const blocks: string[][] = [[`${lead}${step.text}`], [`_${flags.join(' · ')}_`]];
  if (step.gui) blocks.push([`Where to click: ${step.gui}`]);
  if (step.command) {
    const fence = codeFence(step.command.code);
    blocks.push([`${SHELL_LABEL[step.command.shell]}:`], [`${fence}${SHELL_FENCE[step.command.shell]}`, ...step.command.code.split('\n'), fence]);
  }
  const notes = [
    step.note && `Note: ${step.note}`,
    step.backup && `Back up first: ${step.backup}`,
    step.warning && `⚠️ ${step.risk === 'high' ? '**High risk.** ' : ''}${step.warning}`,
    step.undo && `Undo: ${step.undo}`,
  ].filter((line): line is string => Boolean(line));
  if (notes.length > 0) blocks.push(notes.map((line) => `- ${line}`));
  // Everything indented under the item's marker stays inside that list item, code blocks included.
  const lines = blocks.flatMap((block) => ['', ...block]).slice(1);
  return [`${marker}${lines[0] ?? ''}`, ...lines.slice(1).map((line) => (line === '' ? '' : `${pad}${line}`)), ''];
}
