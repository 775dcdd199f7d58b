import { ActivityHandler, type TurnContext } from 'botbuilder';

export const GREETING =
  "Hi, I'm the Remote Desktop troubleshooting assistant. Tell me what happens when you connect, and paste the " +
  'error code if there is one (for example "0x904, extended error code 0x7").';

export const PLACEHOLDER_REPLY =
  'Thanks, I have your message. The step-by-step diagnosis is being switched on; until then, please contact the help desk.';

/** Greets people as they join and answers messages (a placeholder until the diagnosis dialog lands). */
export class AssistantBot extends ActivityHandler {
  constructor() {
    super();
    this.onMembersAdded(async (context, next) => {
      const joined = (context.activity.membersAdded ?? []).filter((m) => m.id !== context.activity.recipient.id);
      if (joined.length > 0) await context.sendActivity(GREETING);
      await next();
    });
    this.onMessage(async (context, next) => {
      await replyToMessage(context);
      await next();
    });
  }
}

async function replyToMessage(context: TurnContext): Promise<void> {
  await context.sendActivity(PLACEHOLDER_REPLY);
}
