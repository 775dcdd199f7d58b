import type { Cause, Fix, FixStep } from '../diagnosis/knowledgeTypes.ts';
import { card, codeBlock, plainCommands, type Element } from './adaptiveCard.ts';
import { causeLabel, describeWhere, SHELL_LABEL } from './fixText.ts';

/** A fix as an Adaptive Card 1.5 (Teams): cause, summary, numbered steps with flags, commands as CodeBlock, warnings, undo, sources. */
export function renderFixCard(fix: Fix, causes: readonly Cause[], probability: number): Record<string, unknown> {
  const regular = fix.steps.filter((s) => !s.lastResort);
  const lastResort = fix.steps.filter((s) => s.lastResort);
  const body: Element[] = [
    text(`**${causeLabel(probability)}:** ${causes.map((c) => c.title).join(' / ')} (about ${Math.round(probability * 100)}% likely).`),
    text(fix.summary, { isSubtle: true }),
    text(fix.title, { weight: 'Bolder', size: 'Medium', spacing: 'Medium' }),
    ...regular.map((step, i) => stepContainer(step, i + 1)),
  ];
  if (lastResort.length > 0) {
    body.push(text('Only if the steps above did not help (read the warning first):', { weight: 'Bolder', color: 'Attention', spacing: 'Medium' }));
    body.push(...lastResort.map((step, i) => stepContainer(step, regular.length + i + 1)));
  }
  body.push(text(`**Check:** ${fix.verify}`, { spacing: 'Medium' }));
  body.push(text(`Sources: ${fix.sources.map((url, i) => `[${i + 1}](${url})`).join(' ')}`, { size: 'Small', isSubtle: true }));
  const commands = [...regular, ...lastResort].flatMap((step, i) => (step.command ? [{ label: `${i + 1}. ${SHELL_LABEL[step.command.shell]}`, code: step.command.code }] : []));
  return card(body, commands.length > 0 ? [plainCommands('Show the commands as plain text', commands)] : []);
}

function text(value: string, extra: Element = {}): Element {
  return { type: 'TextBlock', text: value, wrap: true, ...extra };
}

function stepContainer(step: FixStep, n: number): Element {
  const items: Element[] = [
    text(`${n}. ${step.text}`, { weight: 'Bolder' }),
    text(`${describeWhere(step.where)} · ${step.admin ? 'needs admin rights' : 'no admin rights needed'} · risk: ${step.risk}`, { size: 'Small', isSubtle: true, spacing: 'None' }),
  ];
  if (step.gui) items.push(text(`Where to click: ${step.gui}`));
  if (step.command) {
    items.push(text(`${SHELL_LABEL[step.command.shell]}:`, { size: 'Small', spacing: 'Small' }));
    items.push(codeBlock(step.command.code, step.command.shell));
  }
  if (step.note) items.push(text(`Note: ${step.note}`, { size: 'Small' }));
  if (step.backup) items.push(text(`Back up first: ${step.backup}`, { size: 'Small' }));
  if (step.warning) items.push(text(`⚠️ ${step.risk === 'high' ? 'High risk. ' : ''}${step.warning}`, { color: step.risk === 'high' ? 'Attention' : 'Warning', size: 'Small' }));
  if (step.undo) items.push(text(`Undo: ${step.undo}`, { size: 'Small' }));
  return { type: 'Container', spacing: 'Medium', separator: true, items };
}
