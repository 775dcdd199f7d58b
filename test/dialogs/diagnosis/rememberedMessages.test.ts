import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../bot/loadKnowledge.ts';
import { buildLanguageModel, type LanguageModel } from '../../../dialogs/diagnosis/language/languageModel.ts';

let language: LanguageModel;
beforeAll(async () => {
  language = buildLanguageModel((await loadKnowledge()).knowledge);
});

describe('remembered short messages', () => {
  it('share one frozen understanding per text, the same as working it out again', async () => {
    const fresh = buildLanguageModel((await loadKnowledge()).knowledge);
    for (const text of ['no', 'yes, that fixed it', 'not sure', 'still 0x204 on my vpn', 'can I talk to a person']) {
      const first = language.understand(text);
      expect(language.understand(text)).toBe(first);
      expect(first).toEqual(fresh.understand(text));
      expect(Object.isFrozen(first) && Object.isFrozen(first.facts) && Object.isFrozen(first.codes.main) && Object.isFrozen(first.topic)).toBe(true);
    }
  });

  it('never keeps a text that looks like it holds a secret, nor a long one', () => {
    for (const text of ['my password is Hunter2!', `rdp fails with 0x204 ${'and then it says nothing at all '.repeat(3)}`]) {
      const first = language.understand(text);
      expect(language.understand(text)).not.toBe(first);
      expect(language.understand(text)).toEqual(first);
      expect(Object.isFrozen(first)).toBe(false);
    }
  });
});
