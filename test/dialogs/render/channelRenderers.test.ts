import MarkdownIt from 'markdown-it';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../bot/loadKnowledge.ts';
import { channelFor } from '../../../dialogs/channels.ts';
import type { Knowledge } from '../../../dialogs/diagnosis/knowledgeTypes.ts';
import { wordingOf } from '../../../dialogs/diagnosis/wording.ts';
import { inlineCode, renderFixMarkdown } from '../../../dialogs/render/fixText.ts';

// The Markdown settings Web Chat 4.18 renders bot messages with (typographer on: quotes in text become curly).
const webChatMarkdown = new MarkdownIt({ html: true, linkify: true, typographer: true, breaks: false });

type Token = ReturnType<MarkdownIt['parse']>[number];
type CardElement = { type: string; [field: string]: unknown };

function walk(element: unknown, visit: (e: CardElement) => void): void {
  if (Array.isArray(element)) element.forEach((e) => walk(e, visit));
  else if (typeof element === 'object' && element !== null) {
    if (typeof (element as CardElement).type === 'string') visit(element as CardElement);
    for (const value of Object.values(element)) walk(value, visit);
  }
}

/** Steps as shown: the regular ones, then the last-resort ones. */
const inOrder = <T extends { lastResort?: boolean }>(steps: readonly T[]): T[] => [...steps.filter((s) => !s.lastResort), ...steps.filter((s) => s.lastResort)];

describe('channel renderers', () => {
  let knowledge: Knowledge;
  beforeAll(async () => {
    knowledge = (await loadKnowledge()).knowledge;
  });

  it('renders every fix as one ordered list whose items hold their code blocks, with each command exact', () => {
    for (const fix of knowledge.fixes) {
      const tokens: Token[] = webChatMarkdown.parse(renderFixMarkdown(fix, [], 0.8, wordingOf(knowledge)), {});
      const lists = tokens.filter((t) => t.type === 'ordered_list_open');
      expect(lists, fix.id).toHaveLength(1);
      const items = tokens.filter((t) => t.type === 'list_item_open' && t.level === (lists[0]?.level ?? 0) + 1);
      expect(items, fix.id).toHaveLength(fix.steps.length);
      const closeAt = tokens.findIndex((t) => t.type === 'ordered_list_close');
      const blocks = tokens.filter((t, i) => t.type === 'fence' && i < closeAt).map((t) => t.content.replace(/\n$/, ''));
      expect(blocks, fix.id).toEqual(inOrder(fix.steps).flatMap((s) => (s.command ? [s.command.code] : [])));
    }
  });

  it('keeps where, admin and risk of every step visible inside its numbered item', () => {
    for (const fix of knowledge.fixes) {
      const tokens: Token[] = webChatMarkdown.parse(renderFixMarkdown(fix, [], 0.8, wordingOf(knowledge)), {});
      const level = tokens.find((t) => t.type === 'ordered_list_open')?.level ?? 0;
      const itemTexts: string[] = [];
      for (const token of tokens) {
        if (token.type === 'list_item_open' && token.level === level + 1) itemTexts.push('');
        else if (token.type === 'inline' && itemTexts.length > 0 && token.level > level) itemTexts[itemTexts.length - 1] += `${token.content}\n`;
      }
      inOrder(fix.steps).forEach((step, i) => {
        expect(itemTexts[i], fix.id).toContain(step.text);
        expect(itemTexts[i], fix.id).toContain(step.admin ? 'needs admin rights' : 'no admin rights needed');
        expect(itemTexts[i], fix.id).toContain(`risk: ${step.risk}`);
      });
    }
  });

  it('writes inline commands as code spans that survive backticks and straight quotes', () => {
    for (const command of ['Test-NetConnection "pc 42" -Port 3389', 'Write-Host `"quoted`"', '`leading']) {
      const html = webChatMarkdown.renderInline(inlineCode(command));
      const code = /^<code>([\s\S]*)<\/code>$/.exec(html)?.[1];
      expect(code?.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').trim(), command).toBe(command);
    }
  });

  it('renders a question for Web Chat with messageBack buttons that carry the answer and the question', () => {
    const activity = channelFor('webchat').render.ask({ main: 'Is it on?', detail: [], command: { code: 'Get-Service "TermService"' } }, [{ title: 'Yes', answer: 'yes' }, { title: 'Not sure', answer: 'unsure' }], 'q1');
    expect(activity.suggestedActions?.actions).toEqual([
      { type: 'messageBack', title: 'Yes', displayText: 'Yes', value: { questionId: 'q1', answer: 'yes' } },
      { type: 'messageBack', title: 'Not sure', displayText: 'Not sure', value: { questionId: 'q1', answer: 'unsure' } },
    ]);
    expect(activity.text).toContain('`Get-Service "TermService"`');
    expect(channelFor('directline').render).toBe(channelFor('webchat').render);
  });

  it('falls back to imBack buttons and Markdown on a channel nobody has checked', () => {
    const activity = channelFor('some-new-channel').render.ask({ main: 'Is it on?', detail: [] }, [{ title: 'Yes', answer: 'yes' }], 'q1');
    expect(activity.suggestedActions?.actions).toEqual([{ type: 'imBack', title: 'Yes', value: 'Yes' }]);
  });

  it('renders Teams fixes with a CodeBlock per command and a plain monospace fallback', () => {
    for (const fix of knowledge.fixes) {
      const activity = channelFor('msteams').render.fix(fix, [], 0.8, wordingOf(knowledge));
      const content = activity.attachments?.[0]?.content as Record<string, unknown>;
      const blocks: CardElement[] = [];
      walk(content.body, (e) => {
        if (e.type === 'CodeBlock') blocks.push(e);
      });
      expect(blocks.map((b) => b.codeSnippet), fix.id).toEqual(inOrder(fix.steps).flatMap((s) => (s.command ? [s.command.code] : [])));
      for (const block of blocks) expect(block.fallback).toEqual({ type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: block.codeSnippet, fontType: 'Monospace' }] });
    }
  });

  it('also gives a Teams fix its commands as plain monospace text under the step they belong to, collapsed', () => {
    for (const fix of knowledge.fixes) {
      const content = channelFor('msteams').render.fix(fix, [], 0.8, wordingOf(knowledge)).attachments?.[0]?.content as Record<string, unknown>;
      const steps = inOrder(fix.steps);
      const expected = steps.flatMap((s, i) => (s.command ? [`${i + 1}. ${s.command.code}`] : []));
      const panel = ((content.actions ?? []) as CardElement[]).find((a) => a.type === 'Action.ShowCard');
      if (expected.length === 0) {
        expect(panel, fix.id).toBeUndefined();
        continue;
      }
      const shown: string[] = [];
      let step = '';
      walk((panel?.card as CardElement).body, (e) => {
        if (e.type === 'TextBlock') step = String(e.text).split('.')[0] ?? '';
        if (e.type === 'RichTextBlock') shown.push(`${step}. ${String(((e.inlines as CardElement[])[0] as CardElement).text)}`);
      });
      expect(shown, fix.id).toEqual(expected);
    }
  });

  it('chooses the renderer and the channel behaviour in one place', () => {
    expect(channelFor('msteams').greetsWhenBotAdded).toBe(true);
    expect(channelFor('webchat').greetsWhenBotAdded).toBe(false);
    expect(channelFor(undefined).render).toBe(channelFor('another').render);
  });
});
