import type { Cause, Fix, FixStep } from '../diagnosis/knowledgeTypes.ts';
import { card, codeBlock, plainCommands, type Element } from './adaptiveCard.ts';
import { causeLine, shellLabel, sourcesLine, stepFlags } from './fixText.ts';
import type { Wording } from '../diagnosis/wording.ts';

/** A fix as an Adaptive Card 1.5 (Teams): cause, summary, numbered steps with flags, commands as CodeBlock, warnings, undo, sources. */
export function renderFixCard(fix: Fix, causes: readonly Cause[], probability: number, say: Wording): Record<string, unknown> {
  const regular = fix.steps.filter((s) => !s.lastResort);
  const lastResort = fix.steps.filter((s) => s.lastResort);
  const body: Element[] = [
    text(causeLine(causes, probability, say)),
    text(fix.summary, { isSubtle: true }),
    text(fix.title, { weight: 'Bolder', size: 'Medium', spacing: 'Medium' }),
    ...regular.map((step, i) => stepContainer(step, i + 1, say)),
  ];
  if (lastResort.length > 0) {
    body.push(text(say('fix-last-resort'), { weight: 'Bolder', color: 'Attention', spacing: 'Medium' }));
    body.push(...lastResort.map((step, i) => stepContainer(step, regular.length + i + 1, say)));
  }
  body.push(text(`**${say('fix-check')}** ${fix.verify}`, { spacing: 'Medium' }));
  body.push(text(sourcesLine(fix, say), { size: 'Small', isSubtle: true }));
  const commands = [...regular, ...lastResort].flatMap((step, i) => (step.command ? [{ label: `${i + 1}. ${shellLabel(step.command.shell, say)}`, code: step.command.code }] : []));
  return card(body, commands.length > 0 ? [plainCommands(say('fix-commands-as-text'), commands)] : []);
}

function text(value: string, extra: Element = {}): Element {
  return { type: 'TextBlock', text: value, wrap: true, ...extra };
}

function stepContainer(step: FixStep, n: number, say: Wording): Element {
  const items: Element[] = [
    text(`${n}. ${step.text}`, { weight: 'Bolder' }),
    text(stepFlags(step, say), { size: 'Small', isSubtle: true, spacing: 'None' }),
  ];
  if (step.gui) items.push(text(say('step-gui', { gui: step.gui })));
  if (step.command) {
    items.push(text(`${shellLabel(step.command.shell, say)}:`, { size: 'Small', spacing: 'Small' }));
    items.push(codeBlock(step.command.code, step.command.shell));
  }
  if (step.note) items.push(text(say('step-note', { note: step.note }), { size: 'Small' }));
  if (step.backup) items.push(text(say('step-backup', { backup: step.backup }), { size: 'Small' }));
  if (step.warning) items.push(text(`⚠️ ${step.risk === 'high' ? `${say('step-high-risk')} ` : ''}${step.warning}`, { color: step.risk === 'high' ? 'Attention' : 'Warning', size: 'Small' }));
  if (step.undo) items.push(text(say('step-undo', { undo: step.undo }), { size: 'Small' }));
  return { type: 'Container', spacing: 'Medium', separator: true, items };
}
