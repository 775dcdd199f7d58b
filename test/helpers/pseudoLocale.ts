import type { Knowledge } from '../../dialogs/diagnosis/knowledgeTypes.ts';

/**
 * Pseudo-localisation: every message of messages.yaml replaced by a marker that keeps only the message's id
 * and its {placeholders}, e.g. "⟦fix-cause {label} {title} {percent}⟧". Text rendered with these messages
 * shows at once where words come from: a marker (the knowledge's wording), a value of the knowledge, or a
 * literal in the code, which is what a second language could not translate.
 */
export function pseudoMessages<Id extends string>(messages: Readonly<Record<Id, string>>): Record<Id, string> {
  return Object.fromEntries(
    Object.entries<string>(messages).map(([id, text]) => [id, `⟦${id}${[...text.matchAll(/\{(\w+)\}/g)].map((m) => ` {${m[1] ?? ''}}`).join('')}⟧`]),
  ) as Record<Id, string>;
}

/** The knowledge's own values that replies show verbatim (titles, steps, commands, questions, sources). */
export function shownContent(k: Knowledge): string[] {
  const fixes = k.fixes.flatMap((f) => [
    f.title,
    f.summary,
    f.verify,
    ...f.sources,
    // A command's lines are shown one by one (indented under their step in Markdown).
    ...f.steps.flatMap((s) => [s.text, s.gui, s.note, s.warning, s.backup, s.undo, s.command?.code, ...(s.command?.code.split('\n').map((line) => line.trim()) ?? [])]),
  ]);
  const questions = k.questions.flatMap((q) => [q.text, q.why, q.label, q.fact, q.check?.text, q.check?.command]);
  const all = [...fixes, ...questions, ...k.causes.map((c) => c.title), ...k.errors.map((e) => e.title)];
  return all.filter((s): s is string => typeof s === 'string' && s.trim() !== '');
}

/**
 * The words of `text` that come neither from the knowledge's values (`content`, plus any the test adds) nor
 * from a pseudo message: what is left is wording typed into the code. Markdown syntax, links' targets and
 * fence info strings are not words.
 */
export function strayWords(text: string, content: readonly string[]): string[] {
  let rest = text;
  for (const value of [...content].sort((a, b) => b.length - a.length)) rest = rest.split(value).join(' ');
  rest = rest
    .replace(/⟦[a-z0-9-]+/g, ' ')
    .replace(/⟧/g, ' ')
    .replace(/^\s*`{3,}[\w-]*\s*$/gm, ' ')
    .replace(/\]\([^)]*\)/g, ' ');
  return rest.match(/\p{L}{2,}/gu) ?? [];
}

/** What a person reads or hears of a page: its text and its labelling attributes, without styles and scripts. */
export function readable(html: string): string {
  const attributes = [...html.matchAll(/\s(?:aria-label|alt|title|placeholder|data-failed)="([^"]*)"/g)].map((m) => m[1] ?? '');
  const text = html
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]*>/g, ' ');
  return [text, ...attributes].join('\n').replace(/&[a-z]+;|&#\d+;/g, ' ');
}
