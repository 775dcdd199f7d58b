import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../bot/loadKnowledge.ts';
import { buildLanguageModel, type LanguageModel } from '../../../dialogs/diagnosis/language/languageModel.ts';
import { buildLexicon } from '../../../dialogs/diagnosis/language/lexicon.ts';
import { englishWords } from '../../../bot/englishWords.ts';
import { buildSpeller, knowledgeSpeller, wordsIn, type Speller } from '../../../dialogs/diagnosis/language/spelling.ts';
import type { Knowledge } from '../../../dialogs/diagnosis/knowledgeTypes.ts';

let knowledge: Knowledge;
let speller: Speller;
let lm: LanguageModel;
beforeAll(async () => {
  knowledge = (await loadKnowledge()).knowledge;
  const lexicon = buildLexicon(knowledge.vocabulary);
  speller = knowledgeSpeller(knowledge, (word) => lexicon.canonical(word), englishWords);
  lm = buildLanguageModel(knowledge, englishWords);
});

describe('spelling', () => {
  it.each([
    ['pasword', 'password'],
    ['certifcate', 'certificate'],
    ['conection', 'connection'],
    ['conected', 'connected'],
    ['firewal', 'firewall'],
    ['remte', 'remote'],
    ['credentails', 'credentials'],
    ['lokced', 'locked'],
    ['eror', 'error'],
    ['sertificate', 'certificate'],
    ['accound', 'account'],
    ['authentification', 'authentication'],
    ['certficte', 'certificate'],
  ])('puts "%s" right as "%s", a word of the knowledge', (typo, word) => {
    expect(speller.word(typo)).toBe(word);
  });

  it.each([
    ['looked', 'an English word ("locked" is one slip away)'],
    ['wierd', '"weird" or "wired"'],
    ['undock', 'not a slip of "unlock" (d and l are far apart)'],
    ['remoting', 'not a slip of "removing"'],
    ['klist', 'a letter before "list" is another word'],
    ['iphone', 'a letter before "phone" is another word'],
    ['acct', 'an abbreviation: four letters get only a letter left out'],
    ['prob', 'an abbreviation, not "pro"'],
    ['vpm', 'under four letters'],
    ['reseat', 'a rarer English word (SCOWL 55-70), not "reset"'],
    ['codec', 'jargon the vocabulary lists as no misspelling (notMisspelt): "codec 7" is no extended code'],
    ['checksum', 'two letters more than a short known word ("checks") make another word'],
    ['shouldnt', 'a negation keeps its "nt": never "should"'],
  ])('leaves "%s" as written: %s', (word) => {
    expect(speller.word(word)).toBe(word);
  });

  it.each([
    ['rernote', 'remote'],
    ['cornputer', 'computer'],
    ['perrnission', 'permission'],
    ['adrninistrator', 'administrator'],
    ['1isted', 'listed'],
    ['1ist', 'list'],
    ['enab1ed', 'enabled'],
    ['c0nnect', 'connect'],
  ])('reads "%s", misread from a photo of the screen, as "%s"', (misread, word) => {
    expect(speller.word(misread)).toBe(word);
  });

  it.each([
    ['turn', 'a word with "rn" stays'],
    ['learn', 'a word with "rn" stays'],
    ['0x204', 'a code keeps its digits'],
    ['rd1', 'no word with "l" for "1"'],
    ['win10', 'no word with "l" and "o" for "1" and "0"'],
    ['arn', 'too short to read "rn" as "m"'],
  ])('leaves "%s" as written: %s', (word) => {
    expect(speller.word(word)).toBe(word);
  });

  it('reads a phone photo of the gateway dialog as the dialog', () => {
    const photo = "Remote Desktop can't connect to the rernote cornputer for one of these reasons:\n1) Your user account is not 1isted in the RD Gateway's perrnission 1ist";
    expect(lm.understand(photo).errorIds).toEqual(lm.understand(photo.replace('rernote cornputer', 'remote computer').replace('1isted', 'listed').replace('perrnission 1ist', 'permission list')).errorIds);
    expect(lm.understand(photo).errorIds).toContain('rd-gateway-permission');
  });

  it('keeps names, acronyms, codes and paths: a word with a capital is never touched', () => {
    expect(speller.correct('the conection is refused. Dana says the firewal is fine')).toBe('the connection is refused. Dana says the firewall is fine');
    expect(speller.correct('Amit here, Locke too')).toBe('Amit here, Locke too');
    expect(speller.correct('ask Denis about SRV-FILES01, 0x904 and C:\\Users\\pasword.txt')).toBe('ask Denis about SRV-FILES01, 0x904 and C:\\Users\\pasword.txt');
    expect(speller.correct('CERTIFCATE expired')).toBe('CERTIFCATE expired');
  });

  it('reads a contraction typed with a curly apostrophe as one word, as a straight one', () => {
    for (const text of ['I couldn’t connect to the vpn', 'the password shouldn’t be expired', 'remote desktop wasn’t enabled']) {
      expect(speller.correct(text)).toBe(text);
      const curly = lm.understand(text);
      const straight = lm.understand(text.replace('’', "'"));
      expect({ facts: curly.facts, errors: curly.errorIds }).toEqual({ facts: straight.facts, errors: straight.errorIds });
    }
  });

  it('leaves every word as written when the English words cannot be read', () => {
    const lexicon = buildLexicon(knowledge.vocabulary);
    const unreadable = buildSpeller(wordsIn(knowledge), (word) => lexicon.canonical(word), () => {
      throw new Error('EMFILE');
    });
    expect(unreadable.correct('my pasword is lokced')).toBe('my pasword is lokced');
    expect(unreadable.correct('my pasword is lokced')).toBe('my pasword is lokced');
  });

  it('never corrects an English word toward a word of another language, and leaves the vocabulary\'s other languages as written', () => {
    const foreign = new Set([...wordsIn(knowledge.errors.map((e) => e.localizedMessages)), ...(knowledge.vocabulary.otherLanguages?.words ?? [])]);
    // One slip from each typo stands a word of another language the knowledge holds: Italian "rete" and "remoto", Dutch
    // "extern", French "technicien", Portuguese "erro".
    expect(['rete', 'remoto', 'extern', 'technicien', 'erro'].every((word) => foreign.has(word))).toBe(true);
    for (const [typed, meant] of [['remte', 'remote'], ['remot', 'remote'], ['technicin', 'technician'], ['extedn', 'extend'], ['erro', 'error']]) expect(speller.word(typed ?? '')).toBe(meant);
    for (const word of ['remoto', 'escritorio', 'technicien', 'pessoa']) expect(speller.word(word)).toBe(word);
    // The dialogs are read as written: Italian "errore" is no misspelt "error" to them.
    expect(lm.understand('Si è verificato un errore interno').errorIds).toEqual(['internal-error']);
    expect(lm.understand('rdp gives internal erro on every server').errorIds).toEqual(['internal-error']);
  });

  it('only corrects toward a word the knowledge uses: a common English word stays as written', () => {
    const english = englishWords();
    expect(english.has('looked') && english.has('locked')).toBe(true);
    for (const word of ['looked', 'holiday', 'weird']) expect(speller.word(word)).toBe(word);
  });

  it('reads a misspelt message as the same message spelt right', () => {
    for (const [typed, spelt] of [
      ['the computer says the certifcate is expierd', 'the computer says the certificate is expired'],
      ['my acount is lokced out', 'my account is locked out'],
      ['i dont use a vpn, i am in the ofice', "i don't use a vpn, i am in the office"],
      ['remte desktop says the conection was lost, eror 0x904 extendet 0x7', 'remote desktop says the connection was lost, error 0x904 extended 0x7'],
    ] as const) {
      const a = lm.understand(typed);
      const b = lm.understand(spelt);
      expect({ facts: a.facts, errors: a.errorIds }).toEqual({ facts: b.facts, errors: b.errorIds });
      expect(a.facts.length + a.errorIds.length).toBeGreaterThan(0);
    }
  });

  it('keeps the words a person quoted as they wrote them', () => {
    expect(lm.understand('it says "the remte thingy refused" and closes').quoted).toBe('the remte thingy refused');
  });
});
