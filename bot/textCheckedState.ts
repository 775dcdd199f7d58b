import { ConversationState, type Storage, type TurnContext } from 'botbuilder';
import { withoutETag } from './storage/storeErrors.ts';

/** What BotState keeps per turn under its private symbol: the state and the mark its save compares against. */
type Cached = { state: Record<string, unknown>; hash: string };

/**
 * ConversationState with a cheaper change check. botbuilder's BotState marks a state as changed by its
 * `calculateChangeHash`: a stringify with a replacer function called for every value, then SHA-256, three
 * times a turn (on load, before the save and after it). For the assistant's state (a session and a short
 * transcript, ~5 KB) that was about a tenth of a turn's CPU. Here the mark is the state's plain JSON text,
 * computed on load and before the save and reused after it: the same decision (write when anything but the
 * eTag differs) at a fraction of the cost. Everything else (clear, delete, property accessors, the storage
 * key) is botbuilder's own, and it reads the same `{ state, hash }` cache: a `hash` that is not this JSON
 * text (clear's '') just means "changed".
 */
export class TextCheckedConversationState extends ConversationState {
  constructor(storage: Storage) {
    super(storage);
    // A botbuilder release that renamed the cache key would make this class read and write a cache nobody else uses.
    if (typeof (this as unknown as { stateKey?: unknown }).stateKey !== 'symbol') throw new Error('botbuilder BotState has no stateKey symbol: TextCheckedConversationState needs updating');
  }

  override async load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
    const cached = context.turnState.get<Cached | undefined>(this.#slot);
    if (!force && cached?.state) return cached.state;
    const key = await this.storageKey(context);
    const items = await this.storage.read([key]);
    const state = (items[key] ?? {}) as Record<string, unknown>;
    context.turnState.set(this.#slot, { state, hash: changeMark(state) } satisfies Cached);
    return state;
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    const cached = context.turnState.get<Cached | undefined>(this.#slot) ?? (force ? { state: {}, hash: '' } : undefined);
    if (!cached) return;
    const mark = changeMark(cached.state);
    if (!force && mark === cached.hash) return;
    // As BotState does: the guarded storage (eTagGuard.ts) puts back the eTag the state was read with.
    cached.state.eTag = '*';
    await this.storage.write({ [await this.storageKey(context)]: cached.state });
    cached.hash = mark;
    context.turnState.set(this.#slot, cached);
  }

  /** BotState's per-instance cache key (TypeScript-private in botbuilder 4.23, the SDK's last release). */
  get #slot(): symbol {
    return (this as unknown as { stateKey: symbol }).stateKey;
  }
}

/** The state's JSON text without its eTag (which the store changes on every write). */
function changeMark(state: Record<string, unknown>): string {
  return JSON.stringify(withoutETag(state));
}
