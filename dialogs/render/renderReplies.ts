import { ActionTypes, CardFactory, MessageFactory, type Activity, type CardAction } from 'botbuilder';
import type { Diagnoser } from '../diagnosis/diagnoser.ts';
import type { Question } from '../diagnosis/knowledgeTypes.ts';
import type { MessageId } from '../diagnosis/messageIds.ts';
import type { Reply } from '../diagnosis/session.ts';
import { renderFixCard } from './fixCard.ts';
import { renderFixMarkdown } from './fixText.ts';
import { wordingOf, type Wording } from '../diagnosis/wording.ts';

export type Choice = { title: string; answer?: 'yes' | 'no' | 'unsure'; action?: 'agent' | 'continue' };
type ChoiceSpec = { titleId: MessageId; answer?: 'yes' | 'no' | 'unsure'; action?: 'agent' | 'continue' };

const YES_NO_UNSURE: ChoiceSpec[] = [
  { titleId: 'button-yes', answer: 'yes' },
  { titleId: 'button-no', answer: 'no' },
  { titleId: 'button-not-sure', answer: 'unsure' },
];
const CODE_CHOICES: ChoiceSpec[] = [
  { titleId: 'button-no-code', answer: 'no' },
  { titleId: 'button-not-sure', answer: 'unsure' },
];
const VERIFY_CHOICES: ChoiceSpec[] = [
  { titleId: 'button-it-works', answer: 'yes' },
  { titleId: 'button-still-failing', answer: 'no' },
];
const AGENT_CHOICES: ChoiceSpec[] = [
  { titleId: 'button-connect-person', answer: 'yes', action: 'agent' },
  { titleId: 'button-continue', answer: 'no', action: 'continue' },
];

/** Turns the engine's replies into activities: Markdown text, suggested actions, or Adaptive Cards 1.5 on Teams. */
export function renderReplies(d: Diagnoser, replies: readonly Reply[], channelId: string): Array<Partial<Activity>> {
  const useCards = channelId === 'msteams';
  const text = wordingOf(d.knowledge);
  const choices = (specs: ChoiceSpec[]): Choice[] => specs.map(({ titleId, ...rest }) => ({ title: text(titleId), ...rest }));
  return replies.flatMap((reply): Array<Partial<Activity>> => {
    switch (reply.kind) {
      case 'message':
        return [MessageFactory.text(text(reply.id, reply.params))];
      case 'agent-text':
        return [MessageFactory.text(text('agent-says', { agent: reply.agent, text: reply.text }))];
      case 'acknowledge':
        return [MessageFactory.text(acknowledge(d, reply, text))];
      case 'question': {
        const question = d.knowledge.questions.find((q) => q.id === reply.questionId);
        if (!question) return [];
        return [ask(questionText(question, text), choices(question.kind === 'error-code' ? CODE_CHOICES : YES_NO_UNSURE), useCards, question.id)];
      }
      case 'fix': {
        const fix = d.knowledge.fixes.find((f) => f.id === reply.fixId);
        if (!fix) return [];
        const causes = d.knowledge.causes.filter((c) => reply.causeIds.includes(c.id));
        const shown = useCards ? MessageFactory.attachment(CardFactory.adaptiveCard(renderFixCard(fix, causes, reply.p, text))) : MessageFactory.text(renderFixMarkdown(fix, causes, reply.p, text));
        return [shown, ask(text('did-it-work'), choices(VERIFY_CHOICES), useCards)];
      }
      case 'verify':
        return [ask(text('did-it-work'), choices(VERIFY_CHOICES), useCards)];
      case 'why': {
        const cause = d.knowledge.causes.find((c) => c.id === reply.causeId);
        if (!cause || reply.reasons.length === 0) return [MessageFactory.text(text('why-nothing-yet'))];
        const percent = String(Math.round((reply.p ?? 0) * 100));
        return [MessageFactory.text(text('why-leading', { title: cause.title, percent, evidence: reply.reasons.join(text('why-joiner')) }))];
      }
      case 'offer-agent':
        return [ask(text(reply.why === 'frustrated' ? 'agent-offer-frustrated' : 'fallback-offer-agent'), choices(AGENT_CHOICES), useCards)];
      case 'handoff':
        return [MessageFactory.text(text('handoff'))];
    }
  });
}

function questionText(question: Question, text: Wording): { main: string; detail: string[] } {
  const detail = [text('question-why', { why: question.why })];
  if (question.check) {
    detail.push(text('question-check', { check: question.check.text }));
    if (question.check.command) detail.push(`\`${question.check.command}\``);
  }
  return { main: question.text, detail };
}

function ask(content: string | { main: string; detail: string[] }, choices: Choice[], useCards: boolean, questionId?: string): Partial<Activity> {
  const { main, detail } = typeof content === 'string' ? { main: content, detail: [] } : content;
  if (useCards) return MessageFactory.attachment(CardFactory.adaptiveCard(questionCard(main, detail, choices, questionId)));
  const actions: CardAction[] = choices.map((c) => ({ type: ActionTypes.ImBack, title: c.title, value: c.title }));
  return MessageFactory.suggestedActions(actions, [main, ...detail].join('\n\n'));
}

function questionCard(main: string, detail: string[], choices: Choice[], questionId?: string): Record<string, unknown> {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: main, wrap: true, weight: 'Bolder' },
      ...detail.map((line) => ({ type: 'TextBlock', text: line, wrap: true, isSubtle: true, size: 'Small' })),
    ],
    actions: choices.map((c) => ({
      type: 'Action.Submit',
      title: c.title,
      data: { ...(questionId ? { questionId } : {}), ...(c.answer ? { answer: c.answer } : {}), ...(c.action ? { action: c.action } : {}) },
    })),
  };
}

function acknowledge(d: Diagnoser, reply: Extract<Reply, { kind: 'acknowledge' }>, text: Wording): string {
  const parts: string[] = [];
  for (const id of reply.errorIds) {
    const error = d.knowledge.errors.find((e) => e.id === id);
    if (error && !error.generic) parts.push(error.title);
  }
  for (const code of reply.unknownCodes) parts.push(text('unknown-code', { code }));
  if (reply.unknownMessage) parts.push(text('unknown-message'));
  for (const fact of reply.facts) {
    const question = d.knowledge.questions.find((q) => q.id === fact.questionId);
    if (question) parts.push(text('fact-stated', { label: question.label, value: text(fact.value === 'yes' ? 'fact-yes' : 'fact-no') }));
  }
  return text('got-it', { parts: parts.join('; ') });
}
