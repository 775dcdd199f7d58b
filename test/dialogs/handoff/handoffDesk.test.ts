import { MemoryStorage } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { CaseStateError, HandoffDesk, QUEUE_KEY } from '../../../dialogs/handoff/handoffDesk.ts';
import type { DiagnosisSummary } from '../../../dialogs/diagnosis/summary.ts';

const diagnosis: DiagnosisSummary = { reason: 'requested', errorCodes: { main: [], extended: [], unknown: [] }, unknownMessages: [], errors: [], facts: [], unsure: [], ruledOut: [], fixesTried: [], topCauses: [] };
const fields = (n: number) => ({ reference: { conversation: { id: `c${n}`, isGroup: false, conversationType: '', name: '' } }, channelId: 'emulator', locale: 'en-US', diagnosis, transcript: [] });

describe('HandoffDesk', () => {
  it('queues in order, refuses a second accept, and drops ended and expired cases from the queue', async () => {
    const storage = new MemoryStorage();
    const desk = new HandoffDesk(storage);
    const first = await desk.open(fields(1));
    const second = await desk.open(fields(2));
    const third = await desk.open(fields(3));
    expect([first.position, second.position, third.position]).toEqual([1, 2, 3]);
    await desk.accept(first.handoffCase.id, 'Ada');
    await expect(desk.accept(first.handoffCase.id, 'Bob')).rejects.toBeInstanceOf(CaseStateError);
    expect(await desk.position(second.handoffCase.id)).toBe(1);
    await desk.end(first.handoffCase.id);
    await storage.delete([`handoff/cases/${second.handoffCase.id}`]);
    expect((await desk.list()).map((c) => c.id)).toEqual([third.handoffCase.id]);
    const queue = (await storage.read([QUEUE_KEY]))[QUEUE_KEY] as { ids: string[] };
    expect(queue.ids).toEqual([third.handoffCase.id]);
    await expect(desk.addMessage(first.handoffCase.id, { from: 'user', text: 'late' })).rejects.toBeInstanceOf(CaseStateError);
  });
});
