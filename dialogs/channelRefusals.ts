import type { Activity, TurnContext } from 'botbuilder';

/** One outgoing activity the channel did not take: its kind and the HTTP status (absent for a network failure). */
export type RefusedSend = { type: string; name?: string; status?: number };

const REFUSALS = Symbol('refusedSends');

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
  await context.sendActivities(activities);
  return refusedSends(context).length === before;
}
