import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge, type LoadedKnowledge } from '../../../bot/loadKnowledge.ts';
import { createAssistantDiagnoser } from '../../../bot/diagnoser.ts';
import { readReplay, replayAll, type Replay } from '../../helpers/engineReplay.ts';

let loaded: LoadedKnowledge;
let recorded: Replay;
beforeAll(async () => {
  loaded = await loadKnowledge();
  recorded = readReplay();
});

describe('engine replay', () => {
  it('decides exactly as the recorded engine did: every effect of every turn of every replayed person, and the session each ended in', { timeout: 120_000 }, () => {
    // The recording belongs to one knowledge release: a knowledge change on purpose means recording again
    // (node test/helpers/engineReplay.ts --write) at the commit that makes it, before touching the engine.
    expect(loaded.hash, 'knowledge changed since test/fixtures/engine-replay.json.gz was recorded').toBe(recorded.knowledgeHash);
    const replayed = replayAll(createAssistantDiagnoser(loaded.knowledge));
    expect(replayed.map((c) => c.id)).toEqual(recorded.conversations.map((c) => c.id));
    const differing = replayed.filter((c, i) => JSON.stringify(c) !== JSON.stringify(recorded.conversations[i]));
    const first = differing[0];
    if (first) expect(first, `${differing.length} conversations differ, first ${first.id}`).toEqual(recorded.conversations.find((c) => c.id === first.id));
    expect(differing.map((c) => c.id)).toEqual([]);
  });
});
