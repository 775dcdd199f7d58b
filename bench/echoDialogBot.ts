// The echo-dialog control of section 1 (`DIALOG=1 node bench/echoBot.ts`): the echo bot as a botbuilder-dialogs
// dialog, run as the assistant runs its own: the same dialog set and dialog contexts (dialogContexts), the
// same state class over the eTag guard on the same store (createStorage's MemoryStore), a transcript kept
// as the diagnosis dialog keeps one. It understands and renders nothing: what botbuilder's dialogs and a
// stored, eTag-checked conversation cost a dialog bot built this way. It does less than the assistant's
// dialog around the same state (no session, no redelivery ids, no retention filter, redaction or
// migration of the transcript): a floor, not an estimate.
import { ActivityHandler, type Storage, type TurnContext } from 'botbuilder';
import { Dialog, DialogTurnStatus, type DialogTurnResult } from 'botbuilder-dialogs/lib/dialog.js';
import type { DialogContext } from 'botbuilder-dialogs/lib/dialogContext.js';
import { createAdapter } from '../bot/adapter.ts';
import type { Config } from '../bot/config.ts';
import { guardETags } from '../bot/eTagGuard.ts';
import type { Logger } from '../bot/logger.ts';
import { createStorage } from '../bot/storage/createStorage.ts';
import { TextCheckedConversationState } from '../bot/textCheckedState.ts';
import { dialogContexts } from '../dialogs/assistantBot.ts';
import { TRANSCRIPT_LINES_KEPT } from '../dialogs/diagnosisDialog.ts';
import type { EchoBot } from './echoBot.ts';

/** A transcript line as the diagnosis dialog stores one: the person's words, or a reply by its id. */
export type EchoLine = { from: 'user'; text: string; at: string } | { from: 'bot'; reply: { kind: 'message'; id: 'echo' }; at: string };

/** Each message adds the person's words and the reply to the transcript (the newest TRANSCRIPT_LINES_KEPT lines) and echoes them with the transcript's length. */
class EchoDialog extends Dialog {
  static readonly dialogId = 'echo';

  constructor() {
    super(EchoDialog.dialogId);
  }

  override async beginDialog(dc: DialogContext): Promise<DialogTurnResult> {
    if (!dc.activeDialog) throw new Error('beginDialog without an active dialog');
    dc.activeDialog.state = { transcript: [] };
    return this.continueDialog(dc);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog?.state as { transcript: EchoLine[] } | undefined;
    if (!state) throw new Error('continueDialog without an active dialog');
    const text = dc.context.activity.text ?? '';
    const at = new Date().toISOString();
    const lines: EchoLine[] = [{ from: 'user', text, at }, { from: 'bot', reply: { kind: 'message', id: 'echo' }, at }];
    state.transcript = [...state.transcript, ...lines].slice(-TRANSCRIPT_LINES_KEPT);
    await dc.context.sendActivity(`echo: ${text} [lines ${state.transcript.length}]`);
    return Dialog.EndOfTurn;
  }
}

/** echo-dialog's adapter and turn, on the store the config names as the assistant builds it (the bench's: memory), unless given a store. */
export async function createEchoDialogBot(config: Config, logger: Logger, storage?: Storage): Promise<EchoBot> {
  const store = storage ?? (await createStorage(config, () => undefined)).storage;
  const conversationState = new TextCheckedConversationState(guardETags(store));
  const adapter = createAdapter(config, logger, conversationState, { kept: 'error', reset: 'error', unavailable: 'error' });
  const createContext = dialogContexts(conversationState, new EchoDialog());
  const handler = new ActivityHandler();
  handler.onMessage(async (context, next) => {
    const dc = await createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(EchoDialog.dialogId);
    await next();
  });
  const runTurn = async (context: TurnContext): Promise<void> => {
    await handler.run(context);
    await conversationState.saveChanges(context);
  };
  return { adapter, runTurn };
}
