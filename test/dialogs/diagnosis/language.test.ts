import { beforeAll, describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../../bot/loadKnowledge.ts';
import { buildCodeTable, errorIdsForCodes, extractCodes } from '../../../dialogs/diagnosis/language/errorCodes.ts';
import { intentExamples, trainIntentClassifier } from '../../../dialogs/diagnosis/language/intentClassifier.ts';
import { buildLanguageModel, type LanguageModel } from '../../../dialogs/diagnosis/language/languageModel.ts';
import type { Knowledge } from '../../../dialogs/diagnosis/knowledgeTypes.ts';

let knowledge: Knowledge;
let lm: LanguageModel;
beforeAll(async () => {
  knowledge = (await loadKnowledge()).knowledge;
  lm = buildLanguageModel(knowledge);
});

/** A knowledge phrase written out with its k-th alternative in every group, optional groups included unless told, "#" as a number, "*" as a word. */
function spelled(phrase: string, k: number, withOptional = true): string {
  return phrase
    .replace(/([([])([^)\]]*)[)\]]/g, (_, bracket: string, inner: string) => {
      if (bracket === '[' && !withOptional) return '';
      const alternatives = inner.split('|');
      return alternatives[k % alternatives.length] ?? '';
    })
    .replace(/#/g, '42')
    .replace(/\*/g, 'west-wing');
}

describe('extractCodes', () => {
  it.each([
    ['0x904', ['0x904'], []],
    ['0X904', ['0x904'], []],
    ['error 904', ['0x904'], []],
    ['code 2308', ['0x904'], []],
    ['0x904/0x7', ['0x904'], ['0x7']],
    ['0x904 / 0x7', ['0x904'], ['0x7']],
    ['904 ext 7', ['0x904'], ['0x7']],
    ['0x904 x7', ['0x904'], ['0x7']],
    ['Error code: 0x904 Extended error code: 0x7', ['0x904'], ['0x7']],
    ['error code 0x0904, extended error code 0x00000007', ['0x904'], ['0x7']],
    ['ox904', ['0x904'], []],
    // Pasted tool output: a field's value and a zero are no codes; a code the knowledge knows still is.
    ['WIN32_EXIT_CODE    : 0  (0x0)\n        CHECKPOINT         : 0x0\n        WAIT_HINT          : 0x7d0', [], []],
    ['fDenyTSConnections    REG_DWORD    0x1', [], []],
    ['ERROR_CODE : 0x904', ['0x904'], []],
    // An exit code is why a service stopped: kept for the hand-off.
    ['WIN32_EXIT_CODE    : 1067  (0x42b)', ['0x42b'], []],
    ['0x9O4', ['0x904'], []],
    ['error 516', ['0x204'], []],
    ['0x204 on port 3389 in windows 11 24h2, server 2019', ['0x204'], []],
    ['0x904 and then code 7 something', ['0x904'], ['0x7']],
    ['error 2308, then code 7', ['0x904'], ['0x7']],
    ['0x204, error code 3 on the second try', ['0x204'], []],
    ['fails with 904 / 7 even after', ['0x904'], ['0x7']],
    ['2308/7', ['0x904'], ['0x7']],
    ['0x204 / 3 times a day', ['0x204'], []],
    ['error 0x204 wait no its 0x104, sorry', ['0x104'], []],
    ['0x204, sorry, I mean 0x904 ext 7', ['0x904'], ['0x7']],
    ['0x204 and 0x904 on two servers', ['0x204', '0x904'], []],
    // A pasted dialog's two labelled codes, in any language: the extended label is the main one with a word more.
    // The first is the main code even where the knowledge knows the number only as an extended one (0x4).
    ['An internal error has occurred.\nError code: 0x4\nExtended error code: 0x0', ['0x4'], ['0x0']],
    ['Si è verificato un errore interno.\nCodice errore: 0x4\nCodice errore esteso: 0x0', ['0x4'], ['0x0']],
    ['Fehlercode: 0x204\nErweiterter Fehlercode: 0x0', ['0x204'], ['0x0']],
    ["Code d'erreur : 0x204\nCode d'erreur étendu : 0x0", ['0x204'], ['0x0']],
    ['Foutcode: 0x204\nUitgebreide foutcode: 0x0', ['0x204'], ['0x0']],
    // Two labelled codes that are no dialog's pair are two codes of their own: labels that are not one another's with
    // a word more, a second code that is a main code or too long for an extended one, words between the two.
    ['server one: 0x204, server two: 0x904', ['0x204', '0x904'], []],
    ['home pc error code: 0x204, office pc error code: 0x904', ['0x204', '0x904'], []],
    ['mstsc error: 0x80004005 and then the dialog error code: 0x204', ['0x80004005', '0x204'], []],
    ['Status: 0xC000006D Sub Status: 0xC000006A', ['0xc000006d', '0xc000006a'], []],
    ['error code: 0x204 (and 0x904 on the other one) extended error code: 0x0', ['0x204', '0x904'], ['0x0']],
    ['rdp disconnects after an hour, extended error code 0x4', [], ['0x4']],
    // A code the person says is not theirs ("not 0x7 like OP's"), and an extended code after "is".
    ["Error 0x904 but my extended code is 0x0, not 0x7 like OP's", ['0x904'], ['0x0']],
    ["it's not 0x904, it's 0x204", ['0x204'], []],
    ['0x204 rather than the 0x904 everyone else in this thread has', ['0x204'], []],
  ])('reads %s', (text, main, extended) => {
    expect(extractCodes(text, buildCodeTable(knowledge.errors, knowledge.vocabulary.extendedCodeLabels.phrases))).toEqual({ main, extended });
  });

  // Dictated on a phone or read aloud: digits said as words, where they can only be a code.
  it.each([
    ['error zero x two oh four', ['0x204'], []],
    ['error code zero x two zero four', ['0x204'], []],
    ['oh x nine oh four extended seven', ['0x904'], ['0x7']],
    ['it says nine oh four ext seven', ['0x904'], ['0x7']],
    ['eight oh eight when I connect', ['0x808'], []],
    ['zero x 2 oh 4', ['0x204'], []],
    ['oh no, one or two times a day', [], []],
    ['i tried one two three times', [], []],
    // "the extended one" names the code; it is no code said aloud.
    ['0x204, not sure about the extended one', ['0x204'], []],
    ['error zero x two oh four', [], [], 'without the vocabulary'],
  ])('reads %s said aloud %s', (text, main, extended, without?: string) => {
    const table = buildCodeTable(knowledge.errors, knowledge.vocabulary.extendedCodeLabels.phrases, without ? undefined : knowledge.vocabulary.spokenDigits?.digits);
    expect(extractCodes(text, table)).toEqual({ main, extended });
  });

  it('reads a known extended code beside a main code the knowledge does not know, and never beside one it knows', () => {
    const table = buildCodeTable(knowledge.errors, knowledge.vocabulary.extendedCodeLabels.phrases);
    expect(table.main.has('0x3')).toBe(false);
    // The server ended the session (main 0x3), and 0x4 says why: the active-session time limit.
    expect(errorIdsForCodes(table, { main: ['0x3'], extended: ['0x4'] })).toEqual(['session-time-limit']);
    // 0x904 is known: its own entry decides, an extended code it does not list adds nothing.
    expect(errorIdsForCodes(table, { main: ['0x904'], extended: ['0x4'] })).toEqual(['rdp-0x904-connection-lost']);
  });

  it('keeps codes the knowledge does not know, without guessing from bare numbers', () => {
    expect(extractCodes('protocol error 0x112f after 3389 tries in 2024', buildCodeTable(knowledge.errors, knowledge.vocabulary.extendedCodeLabels.phrases))).toEqual({ main: ['0x112f'], extended: [] });
  });

  it('reads codes of up to 8 hex digits (HRESULT, NTSTATUS) and takes longer hex strings for keys or hashes, not codes', () => {
    const table = buildCodeTable(knowledge.errors, knowledge.vocabulary.extendedCodeLabels.phrases);
    expect(extractCodes('it fails with 0x80004005', table)).toEqual({ main: ['0x80004005'], extended: [] });
    expect(extractCodes('my key is 0x9f86d081884c7d659a2feaa0c55ad015a3bf4f1b', table)).toEqual({ main: [], extended: [] });
    expect(extractCodes('0x904/0x7 and a hash 0x123456789', table)).toEqual({ main: ['0x904'], extended: ['0x7'] });
  });
});

describe('language model', () => {
  it('matches known dialog texts fuzzily, typos and paraphrase included', () => {
    expect(lm.understand('An internal error has occured').errorIds).toEqual(['internal-error']);
    expect(lm.understand('it complains about CredSSP encrytion oracle remediation').errorIds).toEqual(['credssp-encryption-oracle']);
    expect(lm.understand('no Remote Desktop License Servers available to provide a license').errorIds).toEqual(['no-license-server']);
    expect(lm.understand('the connection was denied because the user account is not authorized for remote login').errorIds).toEqual(['remote-sign-in-right-missing']);
    expect(lm.understand('through the remote desktop gateway it says I am not in the permission list').errorIds).toEqual(['rd-gateway-permission']);
    expect(lm.understand('rdp works but the printer is slow').errorIds).toEqual([]);
  });

  it('reads a dialog pasted from a Windows in another language as its entry: every text errors.yaml quotes, and none from the language alone', () => {
    const quoted = knowledge.errors.flatMap((e) => e.localizedMessages.map((text) => ({ id: e.id, text })));
    expect(quoted.length).toBeGreaterThan(0);
    for (const m of quoted) expect(lm.understand(m.text).errorIds, `${m.id}: ${m.text}`).toEqual([m.id]);
    // As people paste them, inside a message written in English, with the lines of the dialog that name nothing.
    const italian = [
      'Desktop remoto to the old server gives this right after I write the password:',
      '',
      'Connessione Desktop remoto',
      'Errore di autenticazione.',
      'La funzione richiesta non è supportata.',
      '',
      'Computer remoto: srv-gest',
      'La causa potrebbe essere la Correzione crittografia Oracle per CredSSP.',
    ].join('\n');
    expect(lm.understand(italian).errorIds).toEqual(['credssp-encryption-oracle']);
    expect(lm.understand('Bonjour, since Monday nobody can connect except me, they all get after the password: "La session à distance a été déconnectée, car aucun serveur de licences Bureau à distance n\'est disponible pour fournir une licence. Contactez l\'administrateur du serveur."').errorIds).toEqual(['no-license-server']);
    expect(lm.understand('server 2019: "Die Aufgabe, die Sie erledigen möchten, kann nicht ausgeführt werden, da der Remotedesktopdienst zurzeit ausgelastet ist." since yesterday').errorIds).toEqual(['no-free-session']);
    const plain = [
      "Bonjour, je n'arrive pas à me connecter au serveur depuis ce matin",
      'Hola, no puedo conectarme a mi PC de la oficina desde casa',
      'Hallo, seit gestern kann ich mich nicht mehr mit dem Server verbinden',
      'Buongiorno, non riesco a collegarmi al server da stamattina',
      'Goedemorgen, ik kan sinds gisteren niet meer inloggen op de server',
      'Bom dia, não consigo acessar o servidor desde ontem',
    ];
    for (const text of plain) expect(lm.understand(text).errorIds, text).toEqual([]);
  });

  it("knows Remote Desktop by its localized names, and a TeamViewer licence in German is TeamViewer's", () => {
    for (const name of ['Remotedesktopverbindung', 'Connexion Bureau à distance', 'Conexión a Escritorio remoto', 'Connessione Desktop remoto', 'Verbinding met extern bureaublad', 'Conexão de Área de Trabalho Remota']) {
      expect(lm.understand(`${name} says it can't connect`).topic.rdp, name).toBe(true);
    }
    // The English phrases read through the name: "Escritorio remoto is enabled on it" is Remote Desktop switched on.
    expect(lm.understand('Escritorio remoto is enabled on it, IT did that').facts).toContainEqual(expect.objectContaining({ questionId: 'remote-desktop-on', value: 'yes' }));
    // Chrome Remote Desktop's address is not Remote Desktop.
    expect(lm.understand('remotedesktop.google.com shows her computer as offline').topic.rdp).toBe(false);
    const teamViewer = lm.understand('ich nutze TeamViewer, since last week it says "Kommerzielle Nutzung vermutet" and throws me out. remote desktop I never used');
    expect(teamViewer.topic).toMatchObject({ offTopic: true, rdp: false });
  });

  it('reads facts with negation and doubt', () => {
    const facts = (text: string) => Object.fromEntries(lm.understand(text).facts.map((f) => [f.questionId, f.value]));
    expect(facts('rdp to our azure vm fails since the win 11 upgrade')).toMatchObject({ 'is-azure-vm': 'yes', 'recent-windows-upgrade': 'yes' });
    expect(facts("I'm not on vpn and it's not in azure")).toMatchObject({ 'uses-vpn': 'no', 'is-azure-vm': 'no' });
    expect(facts("not sure if I'm on the vpn")).toEqual({});
    expect(facts('since I installed Bitdefender')).toMatchObject({ 'has-third-party-antivirus': 'yes' });
    expect(facts('it fails for everybody, the other pcs cannot connect either')).toMatchObject({ 'other-clients-work': 'no' });
    expect(facts('works from my other laptop though')).toMatchObject({ 'other-clients-work': 'yes' });
    expect(facts('Teams calls and everything else over the VPN are perfect')).toMatchObject({ 'other-traffic-fine': 'yes' });
    expect(facts('everything else works fine')).toMatchObject({ 'other-traffic-fine': 'yes' });
    expect(facts('everything else is broken too')['other-traffic-fine']).toBeUndefined();
    expect(facts('I never get a password prompt')).toMatchObject({ 'credential-prompt': 'no' });
    expect(facts('it fails after entering my password')).toMatchObject({ 'credential-prompt': 'yes' });
    // "whether" hedges only its own sub-clause: what comes before it is still said.
    expect(facts('I will check whether the firewall blocks it')).toEqual({});
    expect(facts("it fails whether I'm on the vpn or not")).toEqual({});
    expect(facts('whether the cert expired or not idk')).toEqual({});
    expect(lm.understand('the logon attempt failed whether I use email or user name').errorIds).toEqual(['rdp-0x807']);
    expect(lm.understand('not sure whether the logon attempt failed').errorIds).toEqual([]);
    // A no answer's phrase negated right before it denies that phrase only: it does not state the yes.
    expect(facts('it is domain joined')).toMatchObject({ 'entra-joined': 'no' });
    expect(facts('it is not domain joined')).toEqual({});
    expect(facts('no domain join like the old one had')).toEqual({});
    expect(facts('no, it is domain joined')).toMatchObject({ 'entra-joined': 'no' });
    expect(facts('works at the office but not at home over the vpn')).toMatchObject({ 'same-network': 'no' });
  });

  it('reads no error from a message the person already dealt with, and still reads its facts', () => {
    const understood = (text: string) => lm.understand(text);
    expect(understood('my password expired').errorIds).toEqual(['rdp-0xf07']);
    for (const text of ['my password expired this morning so I changed it', 'had to change my password friday when it expired']) {
      expect(understood(text).errorIds, text).toEqual([]);
      expect(understood(text).facts.map((f) => `${f.questionId}=${f.value}`), text).toContain('password-changed=yes');
    }
  });

  it('takes a yes-no question about one\'s own account for a guess, where a wh-question or a retold message still reports it', () => {
    const errors = (text: string) => lm.understand(text).errorIds;
    expect(errors('is my account locked??')).toEqual([]);
    expect(errors('did my password expire?')).toEqual([]);
    expect(errors('am i locked out?')).toEqual([]);
    expect(errors('my account is locked out')).toEqual(['rdp-0xd07']);
    expect(errors('why does it say my account is locked out?')).toEqual(['rdp-0xd07']);
    expect(errors("is there a fix for 'the user account has been locked'?")).toEqual(['rdp-0xd07']);
    expect(errors('can you help? it says my password has expired?')).toEqual(['rdp-0xf07']);
  });

  it('reads yes / no / not sure in many phrasings', () => {
    const answers = (texts: string[]) => texts.map((t) => lm.understand(t).answer);
    expect(answers(['yes', 'yep', 'yeah it is', 'i think so', 'correct', 'sure'])).toEqual(Array(6).fill('yes'));
    expect(answers(['no', 'nah', 'nope', 'not really', "no, it isn't", "i don't think so"])).toEqual(Array(6).fill('no'));
    expect(answers(['not sure', 'dunno', 'no idea', "i don't know", 'maybe', 'hard to say'])).toEqual(Array(6).fill('unsure'));
    // Typed in a hurry or in another language: "not shure" is not a no.
    expect(answers(['yess', 'yse', 'ja', 'si, es azure', 'oui'])).toEqual(Array(5).fill('yes'));
    expect(answers(['noo', 'nop', 'nein', 'non'])).toEqual(Array(4).fill('no'));
    expect(answers(['not shure', 'i dont knwo', 'dont no'])).toEqual(Array(3).fill('unsure'));
  });

  it("reads a fix's verdict from how a reply that tells its story first ends, and only as a verdict", () => {
    const verdicts = (texts: string[]) => texts.map((t) => lm.understand(t).verdict);
    expect(verdicts(['I enabled remote desktop and it works now', 'rebooted and now it connects!', 'did the reg change, that fixed it'])).toEqual(Array(3).fill('yes'));
    expect(verdicts(['turned it on but it still fails', 'did all three steps, no change', "deleted the cert, didn't help"])).toEqual(Array(3).fill('no'));
    expect(verdicts(["it's not working now", 'the VPN is up but RDP is no longer working now'])).not.toContain('yes');
    // Not an answer to a question: "can others connect?" is not answered by a story that ends well.
    expect(lm.understand('I enabled remote desktop and it works now').answer).toBeUndefined();
  });

  it('recognises a request for a person in the languages people paste dialogs from', () => {
    for (const text of ['Hola, necesito hablar con una persona de soporte por favor', 'Bitte verbinden Sie mich mit einem Techniker', 'Kan ik iemand van de helpdesk spreken?', 'je voudrais parler à un technicien', 'vorrei parlare con un tecnico', 'Posso falar com uma pessoa?']) {
      expect(lm.understand(text).wantsPerson, text).toBe(true);
    }
    for (const text of ['I need to talk to the mens team about the rota', 'la persona que usa el servidor', 'der Techniker war gestern da']) expect(lm.understand(text).wantsPerson, text).toBe(false);
  });

  it('recognises a request for a person in any phrasing, but not "other people", a person across a comma, a job title, a negated request, a software agent or a group', () => {
    for (const text of ['human please, rdp error 0x904', 'can I talk to someone', 'agent', 'I want to speak to a technician', 'get me the help desk', 'can someone from IT call me?', "i don't want a bot, get me a human", 'our AV agent was updated last night, I need a technician', 'I need to talk to someone from the support group', 'can you get an agent']) {
      expect(lm.understand(text).wantsPerson, text).toBe(true);
    }
    for (const text of ['other people can connect', 'the azure vm agent is not ready', 'someone else set it up', 'i can see it from here, someone is using it', 'call centre agent here, the remote app freezes', "the 3 pcs that didn't get the agent yet still work", "I don't need an agent, just tell me what to do", "put him in our 'Helpdesk' AD group", 'since we pushed the gravityzone agent', 'we need to push the agent to 50 machines before rdp works', 'I get the agent popup every time rdp connects', "need in now without killing someone's work"]) {
      expect(lm.understand(text).wantsPerson, text).toBe(false);
    }
    // A person's things are not the person, but their help is asked for.
    expect(lm.understand("I need someone's help with this").wantsPerson).toBe(true);
  });

  it('recognises one of the help desk\'s people asked to act, but not a team named or told about, or staff who should connect', () => {
    for (const text of ["I'd rather one of your engineers looked at it", 'can one of your technicians call me', 'could your technician call me', 'is raj from IT around? or any human tbh', 'is anyone from the help desk available?']) {
      expect(lm.understand(text).wantsPerson, text).toBe(true);
    }
    for (const text of ['the IT team', 'should I contact the IT team or can I fix this myself?', 'I want to connect to the server the IT team set up', 'I want to connect to the server the support team set up', 'since the network team moved us to a new vlan', 'we need engineers to be able to remote into the panels', 'someone from IT around here changed the firewall', 'the guy from IT is around the office today']) {
      expect(lm.understand(text).wantsPerson, text).toBe(false);
    }
  });

  it('reads answers, requests for a person, "no code" and mood words from the vocabulary, so another language is data', () => {
    const v = knowledge.vocabulary;
    const german = buildLanguageModel({
      ...knowledge,
      vocabulary: {
        ...v,
        answers: { fillers: ['also'], unsure: ['weiß nicht'], yes: ['ja', 'genau'], no: ['nein'] },
        personRequest: { ...v.personRequest, people: ['(mensch|techniker)'], determiners: ['(ein|einen|einem)'], requests: ['(sprechen|reden) mit'], aloneEndings: ['bitte'], openings: ['mensch'] },
        noCode: { phrases: ['kein (fehlercode|code)'] },
        moodNeutral: { words: [...v.moodNeutral.words, 'useless'] },
      },
    });
    const read = (model: LanguageModel, text: string) => {
      const u = model.understand(text);
      return { answer: u.answer, wantsPerson: u.wantsPerson, saysNoCode: u.saysNoCode };
    };
    expect(read(german, 'also, ja genau')).toEqual({ answer: 'yes', wantsPerson: false, saysNoCode: false });
    expect(read(german, 'nein')).toMatchObject({ answer: 'no' });
    expect(read(german, 'ich weiß nicht')).toMatchObject({ answer: 'unsure' });
    expect(read(german, 'ich möchte sprechen mit einem techniker')).toMatchObject({ wantsPerson: true });
    expect(read(german, 'einen techniker bitte')).toMatchObject({ wantsPerson: true });
    expect(read(german, 'es gibt keinen code, kein fehlercode')).toMatchObject({ saysNoCode: true });
    expect(read(lm, 'also, ja genau')).toEqual({ answer: undefined, wantsPerson: false, saysNoCode: false });
    expect(read(lm, 'einen techniker bitte').wantsPerson).toBe(false);
    expect(lm.understand('this is useless').sentiment).toBeLessThan(german.understand('this is useless').sentiment);
    // The possessive rule is the vocabulary's too: without it, "someone's work" asks for someone.
    const { possessive, ...withoutPossessive } = v.personRequest;
    expect(possessive?.stillAsks).toContain('help');
    const noPossessive = buildLanguageModel({ ...knowledge, vocabulary: { ...v, personRequest: withoutPossessive } });
    expect(noPossessive.understand("need in now without killing someone's work").wantsPerson).toBe(true);
    expect(lm.understand("need in now without killing someone's work").wantsPerson).toBe(false);
    const dialog = 'Fehlercode: 0x904, erweiterter Fehlercode: 7';
    expect(extractCodes(dialog, buildCodeTable(knowledge.errors, ['erweiterter fehlercode']))).toEqual({ main: ['0x904'], extended: ['0x7'] });
    expect(extractCodes(dialog, buildCodeTable(knowledge.errors, v.extendedCodeLabels.phrases))).toEqual({ main: ['0x904'], extended: [] });
  });
});

describe('intent classifier', () => {
  it('scores at least 80% on held-out examples (4-fold cross-validation)', () => {
    const examples = intentExamples(knowledge.utterances);
    let correct = 0;
    for (let fold = 0; fold < 4; fold += 1) {
      const classifier = trainIntentClassifier(examples.filter((_, i) => i % 4 !== fold));
      for (const example of examples.filter((_, i) => i % 4 === fold)) if (classifier.classify(example.text).intent === example.intent) correct += 1;
    }
    expect(correct / examples.length).toBeGreaterThanOrEqual(0.8);
  });
});

describe('words and matching', () => {
  it('splits words by Unicode letters, so "über" and "größe" stay whole', async () => {
    const { wordsOf } = await import('../../../dialogs/diagnosis/language/normalise.ts');
    expect(wordsOf('RDP über VPN, Größe 0x904')).toEqual(['rdp', 'über', 'vpn', 'größe', '0x904']);
    expect(lm.understand('Remote Desktop über die VPN zur Azure VM geht nicht').facts).toContainEqual(expect.objectContaining({ questionId: 'is-azure-vm', value: 'yes' }));
  });

  it('reads "#" in a phrase as any number, alone or among alternatives, and nothing else', async () => {
    const { hasPhrase } = await import('../../../dialogs/diagnosis/language/normalise.ts');
    expect(hasPhrase('listens on 3390 instead of 3389', 'listens on [port] # instead of 3389')).toBe(true);
    expect(hasPhrase('listens on port 50211 instead of 3389', 'listens on [port] # instead of 3389')).toBe(true);
    expect(hasPhrase('listens on another instead of 3389', 'listens on [port] # instead of 3389')).toBe(false);
    expect(hasPhrase('start type 4 disabled', 'start type [#] disabled')).toBe(true);
    expect(hasPhrase('start type disabled', 'start type [#] disabled')).toBe(true);
    expect(hasPhrase('issue #4', 'issue # 4')).toBe(false);
    // A group with a number among its alternatives cannot be ruled out by its words before the pattern runs.
    expect(hasPhrase('port 3390 blocked', 'port (#|default) blocked')).toBe(true);
    expect(hasPhrase('port default blocked', 'port (#|default) blocked')).toBe(true);
    expect(hasPhrase('port none blocked', 'port (#|default) blocked')).toBe(false);
  });

  it('reads "*" in a phrase as any one word, and no more than one', async () => {
    const { hasPhrase } = await import('../../../dialogs/diagnosis/language/normalise.ts');
    expect(hasPhrase('rdp to reception pc dead', 'rdp to [*] pc dead')).toBe(true);
    expect(hasPhrase("rdp to jane's pc dead", 'rdp to [*] pc dead')).toBe(true);
    expect(hasPhrase('rdp to pc dead', 'rdp to [*] pc dead')).toBe(true);
    expect(hasPhrase('rdp to the reception pc dead', 'rdp to [*] pc dead')).toBe(false);
    expect(hasPhrase('rdp to the reception pc dead', 'rdp to * * pc dead')).toBe(true);
    expect(hasPhrase('rdp to pc dead', 'rdp to * pc dead')).toBe(false);
  });

  it('puts back what voice typing wrote for a word, as whole words in any case, before anything reads the message', async () => {
    const { dictationReader } = await import('../../../dialogs/diagnosis/language/normalise.ts');
    const read = dictationReader({ rdp: ['r d p', 'are dp'], vpn: ['v p n'], 'windows 11': ['windows eleven'] });
    expect(read('are DP over the V P N since windows eleven')).toBe('rdp over the vpn since windows 11');
    expect(read('R  D  P')).toBe('rdp');
    // Whole words only: letters inside longer words, or a variant's first letters alone, stay as written.
    expect(read('car dp are dpi v p nine')).toBe('car dp are dpi v p nine');
    expect(dictationReader()('are DP')).toBe('are DP');
    // The knowledge's own list, read by the language model.
    const u = lm.understand('are DP over the V P N times out, the fire wall is fine');
    expect(u.topic.rdp).toBe(true);
    expect(u.facts).toEqual(expect.arrayContaining([expect.objectContaining({ questionId: 'uses-vpn', value: 'yes' }), expect.objectContaining({ questionId: 'firewall-blocking', value: 'no' })]));
  });

  it("reads nothing inside a question's neither phrase: a yes or a no phrase it covers says nothing", async () => {
    const { buildFactExtractor } = await import('../../../dialogs/diagnosis/language/factExtractor.ts');
    const { buildLexicon } = await import('../../../dialogs/diagnosis/language/lexicon.ts');
    const question = { id: 'joined', kind: 'yes-no' as const, phrases: { yes: ['entra joined'], no: ['domain joined'], neither: ['from our domain joined (pcs|laptops)'] } };
    const facts = buildFactExtractor([question], buildLexicon(knowledge.vocabulary));
    expect(facts.extract('from our domain joined pcs we cannot rdp to the entra joined laptop')).toEqual([expect.objectContaining({ value: 'yes' })]);
    expect(facts.extract('from our domain joined pcs it fails')).toEqual([]);
    expect(facts.extract('the laptop is domain joined')).toEqual([expect.objectContaining({ value: 'no' })]);
    // Without the neither phrase the same message says both, and so nothing.
    const plain = buildFactExtractor([{ ...question, phrases: { ...question.phrases, neither: [] } }], buildLexicon(knowledge.vocabulary));
    expect(plain.extract('from our domain joined pcs we cannot rdp to the entra joined laptop')).toEqual([]);
  });

  it('reads through a bracketed number or address as through no bracket, while other brackets still end a clause', () => {
    const lexicon = lm.lexicon;
    expect(lexicon.clauses('from the router page (192.168.1.23) it connects').map((c) => c.words.length)).toHaveLength(1);
    expect(lexicon.clauses('listens on (3390) now').map((c) => c.words.length)).toHaveLength(1);
    expect(lexicon.clauses('from the router page (the old one) it connects').map((c) => c.words.length)).toHaveLength(3);
  });

  it('reads a verdict on both things named before a comma with the clause that named them', () => {
    const lexicon = lm.lexicon;
    expect(lexicon.clauses('checked the firewall and the antivirus, both fine')).toHaveLength(1);
    expect(lexicon.clauses('ping and dns, all of them ok, rdp still times out')).toHaveLength(2);
    // Only a bare verdict joins: a clause that says more, or one after a full stop, stays on its own.
    expect(lexicon.clauses('checked the firewall, both servers fine')).toHaveLength(2);
    expect(lexicon.clauses('checked the firewall and the antivirus. both fine')).toHaveLength(2);
    expect(lm.understand('checked firewall and antivirus, both ok').facts).toEqual(
      expect.arrayContaining([expect.objectContaining({ questionId: 'firewall-blocking', value: 'no' }), expect.objectContaining({ questionId: 'has-third-party-antivirus', value: 'no' })]),
    );
  });

  it('ends what was said at a blank line, without a full stop', () => {
    const scan = '3389/tcp  closed ms-wbt-server\n50122/tcp open   unknown';
    expect(lm.understand(`${scan}\n\nNo idea what 50122 is.`).facts).toEqual(
      expect.arrayContaining([expect.objectContaining({ questionId: 'port-reachable', value: 'no' }), expect.objectContaining({ questionId: 'port-changed', value: 'yes' })]),
    );
    // On one line, "no idea" still puts what it is said with in doubt.
    expect(lm.understand(`${scan} no idea what 50122 is`).facts).toEqual([]);
  });

  it("skips a phrase's pattern only for texts the pattern cannot match", async () => {
    const { findPhrase, phrasePattern } = await import('../../../dialogs/diagnosis/language/normalise.ts');
    const phrases = [...new Set(knowledge.questions.flatMap((q) => [...q.phrases.yes, ...q.phrases.no]))];
    const texts = phrases.flatMap((phrase) => [0, 1, 2].map((k) => `well ${spelled(phrase, k)} then`));
    let matched = 0;
    for (const phrase of phrases) {
      const pattern = phrasePattern(phrase);
      for (const text of texts) {
        const direct = [...text.matchAll(pattern)].map((m): [number, number] => [m.index, m.index + m[0].length]);
        expect(findPhrase(text, phrase), `${phrase} in "${text}"`).toEqual(direct);
        matched += direct.length > 0 ? 1 : 0;
      }
    }
    // Every phrase meets at least its own spellings.
    expect(matched).toBeGreaterThanOrEqual(phrases.length);
  });

  it("never leaves out of a text's candidates a phrase its pattern matches, and leaves out most", async () => {
    const { findCompiled, phraseIndex, phrasePattern, compiledPhrase } = await import('../../../dialogs/diagnosis/language/normalise.ts');
    // The phrases as the fact extractor compiles them (canonical words), and as written, and a few shapes of
    // phrase the knowledge may use: a hyphenated word, a number among alternatives, only optional words and a
    // number, an optional word longer than the plain ones.
    const written = [...new Set(knowledge.questions.flatMap((q) => [...q.phrases.yes, ...q.phrases.no]))];
    const phrases = [...new Set([...written, ...written.map((p) => lm.lexicon.canonicalText(p))]), 'wi-fi (drops|fails)', 'port (#|default) blocked', '[port] #', 'by ip [addresses] works'];
    // Optional groups kept or left out; white space collapsed as in normalised text.
    const texts = [...new Set(phrases.flatMap((phrase) => [0, 1, 2].flatMap((k) => [true, false].map((withOptional) => `well ${spelled(phrase, k, withOptional).replace(/\s+/g, ' ')} then`))))];
    const compiled = phrases.map((p) => compiledPhrase(p));
    const index = phraseIndex(compiled);
    let candidates = 0;
    const matchedPhrases = new Set<string>();
    for (const text of texts) {
      const found = index.candidates(text);
      candidates += found.size;
      compiled.forEach((c, i) => {
        const phrase = phrases[i] ?? '';
        if (!new RegExp(phrasePattern(phrase).source, 'u').test(text)) return;
        matchedPhrases.add(phrase);
        expect(found.has(c), `${phrase} in "${text}"`).toBe(true);
        expect(findCompiled(text, c).length, `${phrase} in "${text}"`).toBeGreaterThan(0);
      });
    }
    // Every phrase meets at least its own spellings, with and without its optional words.
    expect([...matchedPhrases].sort()).toEqual([...phrases].sort());
    // A phrase of only optional words and numbers cannot be filed under a word: it is every text's candidate.
    expect(index.candidates('nothing here').has(compiledPhrase('[port] #'))).toBe(true);
    // Most phrases are ruled out by the text's words alone.
    expect(candidates / texts.length).toBeLessThan(phrases.length / 10);
  });

  it('lets the more specific message win over a broad word another error uses', async () => {
    const { buildMessageMatcher } = await import('../../../dialogs/diagnosis/language/messageMatcher.ts');
    const base = knowledge.errors[0];
    if (!base) throw new Error('no errors');
    const errors = [
      { ...base, id: 'broad', messages: ['credssp'] },
      { ...base, id: 'specific', messages: ['credssp required by server'] },
      { ...base, id: 'other', messages: ['an internal error has occurred'] },
    ];
    const matcher = buildMessageMatcher(errors, lm.lexicon);
    expect(matcher.match('Failed to connect, CredSSP required by server')).toEqual(['specific']);
    expect(matcher.match('it mentions credssp somewhere')).toEqual(['broad']);
  });

  it('lets no negation reach a message across a comma or a full stop', async () => {
    const { buildMessageMatcher } = await import('../../../dialogs/diagnosis/language/messageMatcher.ts');
    const base = knowledge.errors[0];
    if (!base) throw new Error('no errors');
    const matcher = buildMessageMatcher([{ ...base, id: 'logon', messages: ['the logon attempt failed'] }], lm.lexicon);
    // "it says" are stop words: without the comma the person's "can't" would stand right before the message.
    expect(matcher.match("Tom gets in. I can't, it says 'The logon attempt failed'")).toEqual(['logon']);
    expect(matcher.match("I can't. It says the logon attempt failed")).toEqual(['logon']);
    expect(matcher.match("it doesn't say the logon attempt failed")).toEqual([]);
    expect(matcher.match('not the logon attempt failed thing, something else')).toEqual([]);
  });

  it('negates within a clause only what a negator reaches through pass-through words', () => {
    const facts = (text: string) => Object.fromEntries(lm.understand(text).facts.map((f) => [f.questionId, f.value]));
    expect(facts('we cannot reach our Azure VM')).toMatchObject({ 'is-azure-vm': 'yes' });
    expect(facts("rdp doesn't work since the windows 11 upgrade")).toMatchObject({ 'recent-windows-upgrade': 'yes' });
    expect(facts("I'm not using the vpn")).toMatchObject({ 'uses-vpn': 'no' });
    expect(facts("can't rdp over the vpn")).toMatchObject({ 'uses-vpn': 'yes' });
    expect(facts("no vpn, but it's an azure vm")).toMatchObject({ 'uses-vpn': 'no', 'is-azure-vm': 'yes' });
  });
});
