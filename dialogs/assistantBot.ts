import { ActivityHandler, type ConversationState, type InvokeResponse, type TurnContext } from 'botbuilder';
// botbuilder-dialogs by file: its index also loads the prompts' text recognizers (36 MB, 0.2 s at start-up),
// which the bot does not use. 4.23 is the SDK's last release, so these paths stay.
import { DialogTurnStatus, type Dialog } from 'botbuilder-dialogs/lib/dialog.js';
import type { DialogContext, DialogState } from 'botbuilder-dialogs/lib/dialogContext.js';
import { DialogSet } from 'botbuilder-dialogs/lib/dialogSet.js';
import { DialogsComponentRegistration } from 'botbuilder-dialogs/lib/dialogsComponentRegistration.js';
import type { DialogStateManagerConfiguration } from 'botbuilder-dialogs/lib/memory/dialogStateManager.js';
import { DiagnosisDialog } from './diagnosisDialog.ts';
import { channelFor } from './channels.ts';
import { TURN_FAILURES } from './turnFailures.ts';


/**
 * Where a DialogContext's DialogStateManager looks for its memory scopes in turn state (a private name of
 * botbuilder-dialogs 4.23, its last release). Without it every DialogContext makes all of botbuilder-dialogs'
 * memory scopes and path resolvers again (its component registration still runs each time; the saving was
 * measured once, outside the repository's scripts: docs/bench/notes.md). The bot uses no memory scope of its own or of other components, so the default
 * ones built once serve every turn; scopes registered later would be ignored. diagnosisDialog.test.ts fails
 * if a turn makes the scopes again.
 */
const DIALOG_STATE_CONFIGURATION_KEY = 'DialogStateManagerConfiguration';

/** botbuilder-dialogs' default memory scopes and path resolvers, built once: they hold no turn's data. */
function defaultStateConfiguration(): DialogStateManagerConfiguration {
  const registration = new DialogsComponentRegistration();
  return { memoryScopes: registration.getMemoryScopes(), pathResolvers: registration.getPathResolvers() };
}

/**
 * A dialog set of one dialog, its stack in the conversation state's `dialogState`, and how each turn gets its
 * dialog context: with the default memory scopes built once (above). The assistant runs the diagnosis dialog
 * this way; the benchmark's echo-dialog control runs its echo dialog the same way.
 */
export function dialogContexts(conversationState: ConversationState, dialog: Dialog): (context: TurnContext) => Promise<DialogContext> {
  const dialogs = new DialogSet(conversationState.createProperty<DialogState>('dialogState'));
  dialogs.add(dialog);
  const stateConfiguration = defaultStateConfiguration();
  return (context) => {
    context.turnState.set(DIALOG_STATE_CONFIGURATION_KEY, stateConfiguration);
    return dialogs.createContext(context);
  };
}

export type AssistantBotDeps = { conversationState: ConversationState; dialog: DiagnosisDialog; greeting: string; teamIntro: string };

/**
 * Greets people once per conversation as they join (in Teams: on install in personal scope; a short intro
 * when added to a team or group chat), strips @mentions of the bot, and runs every message through the
 * diagnosis dialog.
 */
export class AssistantBot extends ActivityHandler {
  constructor({ conversationState, dialog, greeting, teamIntro }: AssistantBotDeps) {
    super();
    const createContext = dialogContexts(conversationState, dialog);
    const welcomed = conversationState.createProperty<boolean>('welcomed');
    const failures = conversationState.createProperty<number>(TURN_FAILURES);
    const welcomeOnce = async (context: TurnContext, text: string): Promise<void> => {
      if (await welcomed.get(context, false)) return;
      await welcomed.set(context, true);
      await context.sendActivity(text);
    };
    this.onMembersAdded(async (context, next) => {
      const { activity } = context;
      const botJoined = (activity.membersAdded ?? []).some((m) => m.id === activity.recipient.id);
      const othersJoined = (activity.membersAdded ?? []).some((m) => m.id !== activity.recipient.id);
      const channel = channelFor(activity.channelId);
      if (channel.isShared(activity)) {
        if (botJoined) await welcomeOnce(context, teamIntro);
      } else if (othersJoined || (botJoined && channel.greetsWhenBotAdded)) {
        await welcomeOnce(context, greeting);
      }
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      if (!channelFor(context.activity.channelId).isShared(context.activity)) await welcomeOnce(context, greeting);
      await next();
    });
    this.onMessage(async (context, next) => {
      context.activity.text = channelFor(context.activity.channelId).readText(context.activity);
      const dc = await createContext(context);
      const result = await dc.continueDialog();
      if (result.status === DialogTurnStatus.empty) await dc.beginDialog(DiagnosisDialog.dialogId);
      await failures.delete(context);
      await next();
    });
    // Agent-desk deliveries and handoff.status only matter to a conversation the dialog is running.
    this.onEvent(async (context, next) => {
      const dc = await createContext(context);
      if (dc.activeDialog) await dc.continueDialog();
      await next();
    });
  }

  /**
   * The bot's cards use Action.Submit, which arrives as a message; any invoke (Teams features the bot does
   * not offer, Action.Execute from an old card) is acknowledged with 200 instead of the SDK's 501, which
   * Teams shows the person as an error.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === 'adaptiveCard/action') {
      return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'OK' } };
    }
    return { status: 200 };
  }
}
