import type { Cause, Fix, FixStep, Shell } from '../diagnosis/knowledgeTypes.ts';
import type { Wording } from '../diagnosis/wording.ts';

const SHELL_FENCE = { powershell: 'powershell', cmd: 'cmd', 'azure-cli': 'bash', bash: 'bash' } as const;

/** A fix as Markdown: cause, summary, numbered steps (where, admin, risk, command block, warning, undo), verification, sources. */
export function renderFixMarkdown(fix: Fix, causes: readonly Cause[], probability: number, say: Wording): string {
  const lines = [causeLine(causes, probability, say), '', fix.summary, '', `**${fix.title}**`, ''];
  const regular = fix.steps.filter((s) => !s.lastResort);
  const lastResort = fix.steps.filter((s) => s.lastResort);
  regular.forEach((step, i) => lines.push(...renderStep(step, i + 1, say)));
  if (lastResort.length > 0) {
    lines.push(`**${say('fix-last-resort')}**`, '');
    lastResort.forEach((step, i) => lines.push(...renderStep(step, regular.length + i + 1, say)));
  }
  lines.push(`**${say('fix-check')}** ${fix.verify}`, '', say('fix-sources', { links: fix.sources.map((url, i) => `[${i + 1}](${url})`).join(' ') }));
  return lines.join('\n');
}

/** "**Most likely cause:** title (about 60% likely)." — below even odds it is only a possible cause. */
export function causeLine(causes: readonly Cause[], probability: number, say: Wording): string {
  const label = say(probability >= 0.5 ? 'fix-most-likely' : 'fix-possible');
  return say('fix-cause', { label, title: causes.map((c) => c.title).join(' / '), percent: String(Math.round(probability * 100)) });
}

/** Where the step runs, admin, risk: "on the remote computer · needs admin rights · risk: low". */
export function stepFlags(step: FixStep, say: Wording): string {
  return [say(`where-${step.where}`), say(step.admin ? 'step-admin' : 'step-no-admin'), say('step-risk', { risk: say(`risk-${step.risk}`) })].join(' · ');
}

/** "PowerShell", "Command Prompt", ... */
export function shellLabel(shell: Shell, say: Wording): string {
  return say(`shell-${shell}`);
}

function renderStep(step: FixStep, n: number, say: Wording): string[] {
  const lines = [`${n}. ${step.text} _(${stepFlags(step, say)})_`];
  if (step.gui) lines.push(`   - ${say('step-gui', { gui: step.gui })}`);
  if (step.command) {
    lines.push(`   - ${shellLabel(step.command.shell, say)}:`, '', `\`\`\`${SHELL_FENCE[step.command.shell]}`, step.command.code, '```', '');
  }
  if (step.note) lines.push(`   - ${say('step-note', { note: step.note })}`);
  if (step.backup) lines.push(`   - ${say('step-backup', { backup: step.backup })}`);
  if (step.warning) lines.push(`   - ⚠️ ${step.risk === 'high' ? `**${say('step-high-risk')}** ` : ''}${step.warning}`);
  if (step.undo) lines.push(`   - ${say('step-undo', { undo: step.undo })}`);
  lines.push('');
  return lines;
}
