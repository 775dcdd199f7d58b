import { ConversationState, MemoryStorage, TestAdapter, TurnContext, type Storage, type StoreItems } from 'botbuilder';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guardETags } from '../../bot/eTagGuard.ts';
import { TextCheckedConversationState } from '../../bot/textCheckedState.ts';

/** A MemoryStorage that records every write (key and the item as written) and delete. */
function recordingStorage(): { storage: Storage; writes: Array<StoreItems | string>; reads: number } {
  const inner = new MemoryStorage();
  const log = { writes: [] as Array<StoreItems | string>, reads: 0 };
  const storage: Storage = {
    read: async (keys) => {
      log.reads += 1;
      return inner.read(keys);
    },
    write: async (changes) => {
      log.writes.push(JSON.parse(JSON.stringify(changes)) as StoreItems);
      return inner.write(changes);
    },
    delete: async (keys) => {
      log.writes.push(`delete ${keys.join(',')}`);
      return inner.delete(keys);
    },
  };
  return Object.assign(log, { storage });
}

const contextFor = (conversationId: string): TurnContext =>
  new TurnContext(new TestAdapter(), { type: 'message', channelId: 'test', conversation: { id: conversationId, isGroup: false, conversationType: '', name: '' }, from: { id: 'user', name: '' }, recipient: { id: 'bot', name: '' }, text: 'hi' });

type Change =
  | { kind: 'set'; name: string; value: number | string | number[] }
  | { kind: 'same' }
  | { kind: 'delete'; name: string }
  | { kind: 'clear' }
  | { kind: 'eTag'; value: string }
  // What the turn pipeline and the adapter's error handler do: save mid-turn, force a save, reload, delete it all.
  | { kind: 'save' }
  | { kind: 'force-save' }
  | { kind: 'reload' }
  | { kind: 'delete-state' };

const changeArb: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), name: fc.constantFrom('a', 'b', 'c'), value: fc.oneof(fc.integer({ min: 0, max: 3 }), fc.constantFrom('x', 'y'), fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 2 })) }),
  fc.constant({ kind: 'same' as const }),
  fc.record({ kind: fc.constant('delete' as const), name: fc.constantFrom('a', 'b', 'c') }),
  fc.constant({ kind: 'clear' as const }),
  fc.record({ kind: fc.constant('eTag' as const), value: fc.constantFrom('1', '2') }),
  fc.constantFrom({ kind: 'save' as const }, { kind: 'force-save' as const }, { kind: 'reload' as const }, { kind: 'delete-state' as const }),
);

/** Runs the turns (each a list of changes, then saveChanges) and returns what reached the storage. */
async function play(state: ConversationState, log: { writes: Array<StoreItems | string> }, turns: Change[][]): Promise<Array<StoreItems | string>> {
  const accessors = new Map(['a', 'b', 'c'].map((name) => [name, state.createProperty<unknown>(name)]));
  for (const changes of turns) {
    const context = contextFor('c1');
    await state.load(context);
    for (const change of changes) {
      if (change.kind === 'set') await accessors.get(change.name)?.set(context, change.value);
      else if (change.kind === 'delete') await accessors.get(change.name)?.delete(context);
      else if (change.kind === 'clear') await state.clear(context);
      else if (change.kind === 'eTag') {
        const current = state.get(context) as Record<string, unknown> | undefined;
        if (current) current.eTag = change.value;
      } else if (change.kind === 'save') await state.saveChanges(context);
      else if (change.kind === 'force-save') await state.saveChanges(context, true);
      else if (change.kind === 'reload') await state.load(context, true);
      else if (change.kind === 'delete-state') await state.delete(context);
      else await accessors.get('a')?.get(context);
    }
    await state.saveChanges(context);
  }
  return log.writes;
}

describe('TextCheckedConversationState', () => {
  it('writes exactly when botbuilder\'s ConversationState writes, with the same items, directly and through the eTag guard', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(changeArb, { maxLength: 5 }), { minLength: 1, maxLength: 6 }), fc.boolean(), async (turns, guarded) => {
        const ours = recordingStorage();
        const theirs = recordingStorage();
        const wrap = (storage: Storage): Storage => (guarded ? guardETags(storage) : storage);
        expect(await play(new TextCheckedConversationState(wrap(ours.storage)), ours, turns)).toEqual(await play(new ConversationState(wrap(theirs.storage)), theirs, turns));
      }),
      { numRuns: 400 },
    );
  });

  it('does not write a state that was only read, and writes one whose eTag alone changed no more', async () => {
    const log = recordingStorage();
    const state = new TextCheckedConversationState(log.storage);
    const counter = state.createProperty<number>('count');
    const first = contextFor('c2');
    await counter.set(first, 1);
    await state.saveChanges(first);
    expect(log.writes).toHaveLength(1);
    const second = contextFor('c2');
    expect(await counter.get(second, 0)).toBe(1);
    (state.get(second) as Record<string, unknown>).eTag = 'changed by the store';
    await state.saveChanges(second);
    expect(log.writes).toHaveLength(1);
    await state.saveChanges(second, true);
    expect(log.writes).toHaveLength(2);
  });

  it('reads the store once per turn, and again when forced (a turn run again after an eTag conflict)', async () => {
    const log = recordingStorage();
    const state = new TextCheckedConversationState(log.storage);
    const context = contextFor('c3');
    await state.load(context);
    await state.load(context);
    expect(log.reads).toBe(1);
    await state.load(context, true);
    expect(log.reads).toBe(2);
  });
});
