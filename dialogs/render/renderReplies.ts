import { MessageFactory, type Activity } from 'botbuilder';
import { channelFor } from '../channels.ts';
import type { Diagnoser } from '../diagnosis/diagnoser.ts';
import type { Question } from '../diagnosis/knowledgeTypes.ts';
import type { MessageId } from '../diagnosis/messageIds.ts';
import type { Reply } from '../diagnosis/session.ts';
import type { Choice, Prompt } from './channelRenderer.ts';

const YES_NO_UNSURE: Choice[] = [
  { title: 'Yes', answer: 'yes' },
  { title: 'No', answer: 'no' },
  { title: 'Not sure', answer: 'unsure' },
];
const CODE_CHOICES: Choice[] = [
  { title: "I don't have a code", answer: 'no' },
  { title: 'Not sure', answer: 'unsure' },
];
const VERIFY_CHOICES: Choice[] = [
  { title: 'Yes, it works', answer: 'yes' },
  { title: 'No, still failing', answer: 'no' },
];
const AGENT_CHOICES: Choice[] = [
  { title: 'Yes, connect me to a person', answer: 'yes', action: 'agent' },
  { title: "No, let's continue", answer: 'no', action: 'continue' },
];

/** Turns the engine's replies into activities with the channel's renderer (`channels.ts`). */
export function renderReplies(d: Diagnoser, replies: readonly Reply[], channelId: string): Array<Partial<Activity>> {
  const render = channelFor(channelId).render;
  const text = (id: MessageId, params: Record<string, string> = {}): string =>
    (d.knowledge.messages[id] ?? id).replace(/\{(\w+)\}/g, (match, name: string) => params[name] ?? match);
  return replies.flatMap((reply): Array<Partial<Activity>> => {
    switch (reply.kind) {
      case 'message':
        return [MessageFactory.text(text(reply.id, reply.params))];
      case 'agent-text':
        return [MessageFactory.text(`**${reply.agent} (help desk):** ${reply.text}`)];
      case 'acknowledge':
        return [MessageFactory.text(acknowledge(d, reply))];
      case 'question': {
        const question = d.knowledge.questions.find((q) => q.id === reply.questionId);
        if (!question) return [];
        return [render.ask(questionPrompt(question), question.kind === 'error-code' ? CODE_CHOICES : YES_NO_UNSURE, question.id)];
      }
      case 'fix': {
        const fix = d.knowledge.fixes.find((f) => f.id === reply.fixId);
        if (!fix) return [];
        const causes = d.knowledge.causes.filter((c) => reply.causeIds.includes(c.id));
        return [render.fix(fix, causes, reply.p), render.ask(prompt(text('did-it-work')), VERIFY_CHOICES)];
      }
      case 'verify':
        return [render.ask(prompt(text('did-it-work')), VERIFY_CHOICES)];
      case 'why': {
        const cause = d.knowledge.causes.find((c) => c.id === reply.causeId);
        if (!cause || reply.reasons.length === 0) return [MessageFactory.text(text('why-nothing-yet'))];
        const percent = String(Math.round((reply.p ?? 0) * 100));
        return [MessageFactory.text(text('why-leading', { title: cause.title, percent, evidence: reply.reasons.join(' and ') }))];
      }
      case 'offer-agent':
        return [render.ask(prompt(text(reply.why === 'frustrated' ? 'agent-offer-frustrated' : 'fallback-offer-agent')), AGENT_CHOICES)];
      case 'handoff':
        return [MessageFactory.text(text('handoff'))];
    }
  });
}

function questionPrompt(question: Question): Prompt {
  const detail = [`Why I ask: ${question.why}`];
  if (question.check) detail.push(`To check: ${question.check.text}`);
  const command = question.check?.command;
  return { main: question.text, detail, ...(command ? { command: { code: command, ...(question.check?.shell ? { shell: question.check.shell } : {}) } } : {}) };
}

function prompt(main: string): Prompt {
  return { main, detail: [] };
}

function acknowledge(d: Diagnoser, reply: Extract<Reply, { kind: 'acknowledge' }>): string {
  const parts: string[] = [];
  for (const id of reply.errorIds) {
    const error = d.knowledge.errors.find((e) => e.id === id);
    if (error && !error.generic) parts.push(error.title);
  }
  for (const code of reply.unknownCodes) parts.push(`code ${code} (I don't know this one; I'll go by your other answers)`);
  for (const fact of reply.facts) {
    const question = d.knowledge.questions.find((q) => q.id === fact.questionId);
    if (question) parts.push(`${question.label}: ${fact.value}`);
  }
  return `Got it: ${parts.join('; ')}.`;
}
