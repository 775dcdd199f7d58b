import { ActivityTypes, type ResourceResponse, type TurnContext } from 'botbuilder';
import { SEND_NOW } from '../dialogs/channelRefusals.ts';

export type ReplyHold = {
  /** Sends what was held, in order, and lets later replies straight through. */
  release(): Promise<void>;
  /** Forgets what was held (the attempt is run again); keeps holding. */
  discard(): void;
  /** Forgets what was held and lets later replies (the error apology) straight through. */
  abandon(): void;
};

/**
 * Holds a turn's replies (typing indicators excepted) until its state is saved, so a turn that is run
 * again after an eTag conflict never says anything twice, and a turn whose state was not saved says
 * nothing that its state does not remember.
 */
export function holdReplies(context: TurnContext): ReplyHold {
  let held: Array<() => Promise<ResourceResponse[]>> = [];
  let holding = true;
  context.onSendActivities(async (_context, activities, next) => {
    if (!holding || _context.turnState.get(SEND_NOW) === true || activities.every((a) => a.type === ActivityTypes.Typing || a.type === ActivityTypes.Trace)) return next();
    held.push(next);
    return activities.map(() => ({ id: '' }));
  });
  return {
    async release() {
      holding = false;
      for (const send of held.splice(0)) await send();
    },
    discard() {
      held = [];
    },
    abandon() {
      held = [];
      holding = false;
    },
  };
}
