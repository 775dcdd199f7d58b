import { ActionTypes, MessageFactory, type CardAction } from 'botbuilder';
import { choiceValue, type ChannelRenderer, type Choice, type Prompt } from './channelRenderer.ts';
import { inlineCode, renderFixMarkdown } from './fixText.ts';

/**
 * Markdown text with suggested actions: Web Chat, Direct Line and the Emulator. Buttons are `messageBack`
 * (the value carries the meaning; the person sees the button's title as their reply).
 */
export const markdownRenderer: ChannelRenderer = {
  ask: (prompt, choices, questionId) => {
    const actions: CardAction[] = choices.map((c) => ({ type: ActionTypes.MessageBack, title: c.title, displayText: c.title, value: choiceValue(c, questionId) }));
    return MessageFactory.suggestedActions(actions, promptText(prompt));
  },
  fix: (fix, causes, probability, say) => MessageFactory.text(renderFixMarkdown(fix, causes, probability, say)),
};

/**
 * The fallback for channels nobody has checked: Markdown text and `imBack` buttons, which nearly every
 * channel supports; the button sends its title, which the engine understands as a typed answer.
 */
export const plainRenderer: ChannelRenderer = {
  ask: (prompt, choices) => {
    const actions: CardAction[] = choices.map((c: Choice) => ({ type: ActionTypes.ImBack, title: c.title, value: c.title }));
    return MessageFactory.suggestedActions(actions, promptText(prompt));
  },
  fix: markdownRenderer.fix,
};

function promptText({ main, detail, command }: Prompt): string {
  return [main, ...detail, ...(command ? [inlineCode(command.code)] : [])].join('\n\n');
}
