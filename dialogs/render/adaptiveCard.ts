import type { Shell } from '../diagnosis/knowledgeTypes.ts';

export type Element = Record<string, unknown>;

/** An Adaptive Card 1.5, full width in Teams (commands need the room). */
export function card(body: Element[], actions: Element[] = []): Element {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    msteams: { width: 'Full' },
    body,
    ...(actions.length > 0 ? { actions } : {}),
  };
}

// Teams' CodeBlock languages, written as in Microsoft's Teams sample (OfficeDev/Microsoft-Teams-Samples bot-formatting-cards).
const CODE_LANGUAGE: Record<Shell, string> = { powershell: 'powershell', cmd: 'dos', 'azure-cli': 'bash', bash: 'bash' };

/**
 * A command as Teams' `CodeBlock` element (monospace, scrollable, with Teams' own copy button) on clients
 * that support it; elsewhere (Teams mobile, other hosts) the element's `fallback`: the exact text in a
 * monospace TextRun, which Adaptive Cards never interpret as Markdown.
 */
export function codeBlock(code: string, shell?: Shell): Element {
  return {
    type: 'CodeBlock',
    codeSnippet: code,
    language: shell ? CODE_LANGUAGE[shell] : 'plaintext',
    startLineNumber: 1,
    fallback: { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: code, fontType: 'Monospace' }] },
  };
}

/**
 * A collapsed "commands as plain text" panel (Action.ShowCard): every command of the card as monospace text
 * runs under its step label, for hosts and readers that do not show CodeBlock (screen readers, transcripts,
 * clients without the element) and for copying all of a fix's commands at once.
 */
export function plainCommands(title: string, commands: readonly { label: string; code: string }[]): Element {
  const body = commands.flatMap(({ label, code }) => [
    { type: 'TextBlock', text: label, wrap: true, size: 'Small', weight: 'Bolder', spacing: 'Small' },
    { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: code, fontType: 'Monospace' }] },
  ]);
  return { type: 'Action.ShowCard', title, card: { type: 'AdaptiveCard', body } };
}
