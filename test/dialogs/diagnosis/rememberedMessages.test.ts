import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../bot/loadKnowledge.ts';
import { buildLanguageModel, type LanguageModel } from '../../../dialogs/diagnosis/language/languageModel.ts';

let language: LanguageModel;
beforeAll(async () => {
  language = buildLanguageModel((await loadKnowledge()).knowledge);
});

describe('remembered answers', () => {
  it('share one frozen understanding per text, the same as working it out again', async () => {
    const fresh = buildLanguageModel((await loadKnowledge()).knowledge);
    for (const text of ['no', 'Yes, that fixed it', 'not sure', 'no.', 'nope, still the same']) {
      const first = language.understand(text);
      expect(first.answer, text).toBeDefined();
      expect(language.understand(text)).toBe(first);
      expect(first).toEqual(fresh.understand(text));
      expect(Object.isFrozen(first) && Object.isFrozen(first.facts) && Object.isFrozen(first.codes.main) && Object.isFrozen(first.topic)).toBe(true);
    }
  });

  it('never keeps what is not a plain answer: a secret, a name, an address, a code, a long text, a description', () => {
    const texts = [
      'yes my password is Hunter2!',
      'yes, the server is fin-sql-01',
      'yes, it is srv.contoso.local',
      'no, jdoe@contoso.com',
      'yes 0x204',
      `no ${'and then it says nothing at all '.repeat(3)}`,
      'Remote Desktop fails with a timeout',
    ];
    for (const text of texts) {
      const first = language.understand(text);
      expect(language.understand(text), text).not.toBe(first);
      expect(language.understand(text)).toEqual(first);
      expect(Object.isFrozen(first)).toBe(false);
    }
  });
});
