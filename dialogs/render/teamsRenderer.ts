import { CardFactory, MessageFactory } from 'botbuilder';
import { choiceValue, type ChannelRenderer } from './channelRenderer.ts';
import { card, codeBlock } from './adaptiveCard.ts';
import { renderFixCard } from './fixCard.ts';

/** Teams: Adaptive Cards 1.5 with `Action.Submit` (the click's `data` is the activity's value). */
export const teamsRenderer: ChannelRenderer = {
  ask: (prompt, choices, questionId) =>
    MessageFactory.attachment(
      CardFactory.adaptiveCard(
        card(
          [
            { type: 'TextBlock', text: prompt.main, wrap: true, weight: 'Bolder' },
            ...prompt.detail.map((line) => ({ type: 'TextBlock', text: line, wrap: true, isSubtle: true, size: 'Small' })),
            ...(prompt.command ? [codeBlock(prompt.command.code, prompt.command.shell)] : []),
          ],
          choices.map((c) => ({ type: 'Action.Submit', title: c.title, data: choiceValue(c, questionId) })),
        ),
      ),
    ),
  fix: (fix, causes, probability, say) => MessageFactory.attachment(CardFactory.adaptiveCard(renderFixCard(fix, causes, probability, say))),
};
