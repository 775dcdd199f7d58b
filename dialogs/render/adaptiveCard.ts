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
