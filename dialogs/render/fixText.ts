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

/** A fix as Markdown: cause, summary, numbered steps (where, admin, risk, command block, warning, undo), verification, sources. */
export function renderFixMarkdown(fix: Fix, causes: readonly Cause[], probability: number): string {
  const title = causes.map((c) => c.title).join(' / ');
  const lines = [`**${causeLabel(probability)}:** ${title} (about ${Math.round(probability * 100)}% likely).`, '', fix.summary, '', `**${fix.title}**`, ''];
  const regular = fix.steps.filter((s) => !s.lastResort);
  const lastResort = fix.steps.filter((s) => s.lastResort);
  regular.forEach((step, i) => lines.push(...renderStep(step, i + 1)));
  if (lastResort.length > 0) {
    lines.push('**Only if the steps above did not help (read the warning first):**', '');
    lastResort.forEach((step, i) => lines.push(...renderStep(step, regular.length + i + 1)));
  }
  lines.push(`**Check:** ${fix.verify}`, '', `Sources: ${fix.sources.map((url, i) => `[${i + 1}](${url})`).join(' ')}`);
  return lines.join('\n');
}

/** How sure the bot is, in words: below even odds it is only a possible cause. */
export function causeLabel(probability: number): string {
  return probability >= 0.5 ? 'Most likely cause' : 'Possible cause';
}

/** "on your computer", "in the Azure portal", ... */
export function describeWhere(where: Where): string {
  return WHERE[where];
}

function renderStep(step: FixStep, n: number): string[] {
  const flags = [WHERE[step.where], step.admin ? 'needs admin rights' : 'no admin rights needed', `risk: ${step.risk}`];
  const lines = [`${n}. ${step.text} _(${flags.join(' · ')})_`];
  if (step.gui) lines.push(`   - Where to click: ${step.gui}`);
  if (step.command) {
    lines.push(`   - ${SHELL_LABEL[step.command.shell]}:`, '', `\`\`\`${SHELL_FENCE[step.command.shell]}`, step.command.code, '```', '');
  }
  if (step.note) lines.push(`   - Note: ${step.note}`);
  if (step.backup) lines.push(`   - Back up first: ${step.backup}`);
  if (step.warning) lines.push(`   - ⚠️ ${step.risk === 'high' ? '**High risk.** ' : ''}${step.warning}`);
  if (step.undo) lines.push(`   - Undo: ${step.undo}`);
  lines.push('');
  return lines;
}
