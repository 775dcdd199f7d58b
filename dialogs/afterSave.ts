/**
 * Work a turn hands over only once its conversation state is saved, such as a verified outcome for learning:
 * a turn that fails to save keeps its state as before and the person repeats the message, and a turn that
 * lost a race with another instance runs again; either way the work must happen once. The turn pipeline
 * (bot/turnPipeline.ts) starts each attempt with an empty list under this key and runs the list after the
 * save; without it (a turn run some other way) the work runs at once.
 */
export const AFTER_SAVE = 'rdp.afterSave';

export type AfterSave = Array<() => void>;

type TurnStateLike = { get(key: string): unknown };

/** Runs `work` once the turn's state is saved, or now when nothing collects such work. */
export function afterSave(turnState: TurnStateLike, work: () => void): void {
  const list = turnState.get(AFTER_SAVE) as AfterSave | undefined;
  if (list) list.push(work);
  else work();
}
