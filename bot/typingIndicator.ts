import { ActivityTypes, DeliveryModes, type TurnContext } from 'botbuilder';

const REPEAT_MS = 3000;

export type TypingIndicator = { stop(): Promise<void> };

/**
 * Shows "typing…" when handling a message takes longer than `delayMs`, repeating until the turn ends.
 * Replies wait for an in-flight typing send so they never arrive before it. Skipped for expectReplies,
 * where every reply comes back at once.
 */
export function startTypingIndicator(context: TurnContext, delayMs: number, onError: (error: unknown) => void): TypingIndicator {
  const { activity } = context;
  if (activity.type !== ActivityTypes.Message || activity.deliveryMode === DeliveryModes.ExpectReplies) {
    return { stop: async () => undefined };
  }
  let pending: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const send = (): void => {
    pending = context.sendActivity({ type: ActivityTypes.Typing }).catch(onError);
    timer = setTimeout(send, REPEAT_MS);
  };
  context.onSendActivities(async (_ctx, activities, next) => {
    if (activities.every((a) => a.type === ActivityTypes.Typing)) return next();
    await pending;
    return next();
  });
  // A zero delay means "always, before any reply": send now rather than racing the first reply.
  if (delayMs === 0) send();
  else timer = setTimeout(send, delayMs);
  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      await pending;
    },
  };
}
