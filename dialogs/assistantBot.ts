import { ActivityHandler, type ConversationState } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type DialogState } from 'botbuilder-dialogs';
import { DiagnosisDialog } from './diagnosisDialog.ts';

export type AssistantBotDeps = { conversationState: ConversationState; dialog: DiagnosisDialog; greeting: string };

/** Greets people as they join and runs every message through the diagnosis dialog. */
export class AssistantBot extends ActivityHandler {
  constructor({ conversationState, dialog, greeting }: AssistantBotDeps) {
    super();
    const dialogs = new DialogSet(conversationState.createProperty<DialogState>('dialogState'));
    dialogs.add(dialog);
    this.onMembersAdded(async (context, next) => {
      const joined = (context.activity.membersAdded ?? []).filter((m) => m.id !== context.activity.recipient.id);
      if (joined.length > 0) await context.sendActivity(greeting);
      await next();
    });
    this.onMessage(async (context, next) => {
      const dc = await dialogs.createContext(context);
      const result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.empty) await dc.beginDialog(DiagnosisDialog.dialogId);
      await next();
    });
  }
}
