import type { Activity, TurnContext } from 'botbuilder';

/** One outgoing activity the channel did not take: its kind and the HTTP status (absent for a network failure). */
export type RefusedSend = { type: string; name?: string; status?: number };

const REFUSALS = Symbol('refusedSends');

/**
 * Set on the turn while a send must reach the channel now: whoever holds a turn's replies until its state is
 * saved lets these through, since the sender needs the channel's answer (a refused hand-off queues on the desk).
 */
export const SEND_NOW = Symbol('sendNow');

/** Notes a refused send on the turn, so the code that sent it can tell and react (the adapter calls this). */
export function recordRefusal(context: TurnContext, refusal: RefusedSend): void {
  const list = context.turnState.get<RefusedSend[] | undefined>(REFUSALS) ?? [];
  context.turnState.set(REFUSALS, [...list, refusal]);
}

/** Every send the channel refused during this turn, oldest first. */
export function refusedSends(context: TurnContext): readonly RefusedSend[] {
  return context.turnState.get<RefusedSend[] | undefined>(REFUSALS) ?? [];
}

/** Sends activities; returns true when the channel took every one of them (refusals are logged by the adapter). */
export async function sendAccepted(context: TurnContext, activities: Array<Partial<Activity>>): Promise<boolean> {
  if (activities.length === 0) return true;
  const before = refusedSends(context).length;
  context.turnState.set(SEND_NOW, true);
  try {
    await context.sendActivities(activities);
  } finally {
    context.turnState.delete(SEND_NOW);
  }
  return refusedSends(context).length === before;
}
