import type { Activity } from 'botbuilder';
import type { Cause, Fix, Shell } from '../diagnosis/knowledgeTypes.ts';
import type { Wording } from '../diagnosis/wording.ts';

/** A button: what it shows, and the meaning it sends back as a value (never English to parse again). */
export type Choice = { title: string; answer?: 'yes' | 'no' | 'unsure'; action?: 'agent' | 'continue' };

/** A question or prompt: the main line, supporting lines, and an optional command the person can run to check. */
export type Prompt = { main: string; detail: string[]; command?: { code: string; shell?: Shell } };

/**
 * How one channel shows what the diagnosis says. Each channel has exactly one renderer, chosen in
 * `channels.ts`; a new channel is one new renderer there. Words a renderer adds itself (labels, flags)
 * come from the wording it is given, never from a literal, so a second language is data.
 */
export type ChannelRenderer = {
  /** A prompt with buttons whose clicks carry `{ answer | action, questionId? }` as the activity's value. */
  ask: (prompt: Prompt, choices: readonly Choice[], questionId?: string) => Partial<Activity>;
  /** A fix: likely cause, numbered steps (where, admin, risk), exact commands, warnings, undo, sources; labels from `say`. */
  fix: (fix: Fix, causes: readonly Cause[], probability: number, say: Wording) => Partial<Activity>;
};

/** The value a button sends: what it means, and which question it answers. */
export function choiceValue(choice: Choice, questionId?: string): Record<string, string> {
  return { ...(questionId ? { questionId } : {}), ...(choice.answer ? { answer: choice.answer } : {}), ...(choice.action ? { action: choice.action } : {}) };
}
