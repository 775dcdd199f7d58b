import { MessageFactory, type Activity } from 'botbuilder';
import { channelFor } from '../channels.ts';
import type { Diagnoser } from '../diagnosis/diagnoser.ts';
import type { Question } from '../diagnosis/knowledgeTypes.ts';
import type { MessageId } from '../diagnosis/messageIds.ts';
import type { Reply } from '../diagnosis/session.ts';
import { wordingOf, type Wording } from '../diagnosis/wording.ts';
import type { Choice, Prompt } from './channelRenderer.ts';

/** A button as the knowledge words it: the title's message id and the meaning the click sends back. */
type ChoiceSpec = Omit<Choice, 'title'> & { titleId: MessageId };

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

/** Turns the engine's replies into activities with the channel's renderer (`channels.ts`). */
export function renderReplies(d: Diagnoser, replies: readonly Reply[], channelId: string): Array<Partial<Activity>> {
  const render = channelFor(channelId).render;
  const text = wordingOf(d.knowledge);
  const choices = (specs: readonly ChoiceSpec[]): Choice[] => specs.map(({ titleId, ...meaning }) => ({ title: text(titleId), ...meaning }));
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
        return [render.ask(questionPrompt(question, text), choices(question.kind === 'error-code' ? CODE_CHOICES : YES_NO_UNSURE), question.id)];
      }
      case 'fix': {
        const fix = d.knowledge.fixes.find((f) => f.id === reply.fixId);
        if (!fix) return [];
        const causes = d.knowledge.causes.filter((c) => reply.causeIds.includes(c.id));
        return [render.fix(fix, causes, reply.p, text), render.ask(prompt(text('did-it-work')), choices(VERIFY_CHOICES))];
      }
      case 'verify':
        return [render.ask(prompt(text('did-it-work')), choices(VERIFY_CHOICES))];
      case 'why': {
        const cause = d.knowledge.causes.find((c) => c.id === reply.causeId);
        if (!cause || reply.reasons.length === 0) return [MessageFactory.text(text('why-nothing-yet'))];
        const percent = String(Math.round((reply.p ?? 0) * 100));
        return [MessageFactory.text(text('why-leading', { title: cause.title, percent, evidence: reply.reasons.join(text('why-joiner')) }))];
      }
      case 'offer-agent':
        return [render.ask(prompt(text(reply.why === 'frustrated' ? 'agent-offer-frustrated' : 'fallback-offer-agent')), choices(AGENT_CHOICES))];
      case 'handoff':
        return [MessageFactory.text(text('handoff'))];
    }
  });
}

function questionPrompt(question: Question, text: Wording): Prompt {
  const detail = [text('question-why', { why: question.why })];
  if (question.check) detail.push(text('question-check', { check: question.check.text }));
  const command = question.check?.command;
  return { main: question.text, detail, ...(command ? { command: { code: command, ...(question.check?.shell ? { shell: question.check.shell } : {}) } } : {}) };
}

function prompt(main: string): Prompt {
  return { main, detail: [] };
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
