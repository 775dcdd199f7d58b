import type { Answer, Knowledge } from '../knowledgeTypes.ts';
import { createMemo, type Remembered } from '../memo.ts';
import { redactSecrets } from '../redact.ts';
import { buildAnswerParser } from './answerParser.ts';
import { buildCodeTable, errorIdsForCodes, extractCodes, takenBack, type ExtractedCodes } from './errorCodes.ts';
import { buildFactExtractor, type ExtractedFact } from './factExtractor.ts';
import { intentExamples, trainIntentClassifier, type IntentGuess } from './intentClassifier.ts';
import { buildLexicon, type Lexicon } from './lexicon.ts';
import { buildMessageMatcher } from './messageMatcher.ts';
import { buildPersonRequest } from './personRequest.ts';
import { buildTriedFixFinder } from './triedFixes.ts';
import { anyPhrase, dictationReader, normalise, WORD_END, WORD_START, wordsOf } from './normalise.ts';
import { buildSentimentScorer } from './sentiment.ts';
import { knowledgeSpeller, type WordList } from './spelling.ts';

export type Understanding = {
  intent: IntentGuess;
  /** The person asks for a human, in any phrasing. */
  wantsPerson: boolean;
  answer?: Answer;
  /** A fix's verdict told at the end of a longer reply ("turned it on and it works now"). */
  verdict?: 'yes' | 'no';
  facts: ExtractedFact[];
  /** Error entries the text reports, by code or by message. */
  errorIds: string[];
  codes: { main: string[]; extended: string[] };
  /** Codes the knowledge does not know (kept for the hand-off). */
  unknownCodes: string[];
  /** "There's no error code", "none". */
  saysNoCode: boolean;
  /** natural's AFINN sentiment per word, words of the domain left out ("error", "fails" are not moods). */
  sentiment: number;
  /** Strongly negative words ("useless", "ridiculous", "hate"): time to mention a person can help. */
  frustrated: boolean;
  wordCount: number;
  /** Which of the vocabulary's word lists the text touches (Remote Desktop terms, other products, out of scope). */
  topic: ReturnType<Lexicon['mentions']>;
  /** Fixes the person says they already tried (ids). */
  triedFixes: string[];
  /** Text the person quoted ("it says ..."), kept when it matches no known message. */
  quoted?: string;
};

export type LanguageModel = {
  understand(text: string): Understanding;
  lexicon: Lexicon;
  /** Messages found remembered (hits) or worked out (misses, every text that may not be kept included). */
  readonly remembered: Remembered;
};

/** Summed AFINN score at or below which a message reads as strongly frustrated. */
const FRUSTRATION = -4;
/**
 * Answers are remembered with what they mean: most of a conversation is answers ("yes", "no, still the
 * same", a button's "Not sure") that many people send alike. Only a short text that reads as an answer and
 * holds no digit, address or path is kept (never a host name, an account, a code, or anything that looks like
 * a secret), and for ten minutes at most.
 */
const SHORT_MESSAGE = 64;
const MESSAGES_KEPT = 1_000;
const MESSAGE_KEPT_MS = 10 * 60_000;
const IDENTIFYING = /[\d@\\/:_"'`]|\.\p{L}/u;
/** An upper-case error name as clients print it (ERRCONNECT_DNS_NAME_NOT_FOUND), in any case. */
const CLIENT_NAME = /(?<![\p{L}\p{N}_])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\p{L}\p{N}_])/giu;

/**
 * Builds the language understanding from the knowledge: code table, message matcher, fact phrases, trained intents.
 * With `english` (common English words, bot/englishWords.ts), misspellings of the knowledge's words are put right
 * before a message is read.
 */
export function buildLanguageModel(knowledge: Knowledge, english?: () => WordList): LanguageModel {
  const table = buildCodeTable(knowledge.errors, knowledge.vocabulary.extendedCodeLabels.phrases, knowledge.vocabulary.spokenDigits?.digits);
  // Another client's error name (FreeRDP's ERRCONNECT_ACCOUNT_LOCKED_OUT) says what happened as a code does.
  const clientNames = new Map(knowledge.errors.flatMap((error) => error.clientNames.map((name) => [name, error.id] as const)));
  const namedIn = (text: string): string[] => [...text.matchAll(CLIENT_NAME)].flatMap((m) => clientNames.get(m[0].toUpperCase()) ?? []);
  const lexicon = buildLexicon(knowledge.vocabulary);
  // Misspellings of the knowledge's own words are put right before anything reads a message.
  const speller = english ? knowledgeSpeller(knowledge, (word) => lexicon.canonical(word), english) : undefined;
  const quotedNames = new Set((knowledge.vocabulary.quotedNames?.phrases ?? []).map((name) => wordsOf(name).join(' ')));
  const messages = buildMessageMatcher(knowledge.errors, lexicon);
  // Dialogs pasted from a Windows in another language are read in the text as written, before the English speller
  // (which corrects toward English words: Italian "errore" is no misspelt "error").
  const localized = buildMessageMatcher(knowledge.errors, lexicon, (e) => e.localizedMessages);
  // Errors whose own message text hedges (a dialog's "this could be due to ..."): found in a hedged clause too.
  const hedgingErrors = new Set(knowledge.errors.filter((e) => e.messages.some((m) => wordsOf(lexicon.withoutDoubt(m)).length < wordsOf(normalise(m)).length)).map((e) => e.id));
  const facts = buildFactExtractor(knowledge.questions, lexicon);
  const tried = buildTriedFixFinder(knowledge.fixes, lexicon, knowledge.vocabulary.alreadyTried.words, knowledge.vocabulary.alreadyTried.notDone);
  const answers = buildAnswerParser(knowledge.utterances, knowledge.vocabulary.answers);
  const wantsPerson = buildPersonRequest(knowledge.vocabulary.personRequest, knowledge.vocabulary.negation.negators);
  const noCode = new RegExp(`${WORD_START}${anyPhrase(knowledge.vocabulary.noCode.phrases)}${WORD_END}`, 'u');
  // Neither an error dealt with ("my password expired so I changed it") nor words that only look like a broken
  // computer ("rdp to the reception pc dead", "no boot screen") are an error message of now.
  const notShown = [...(knowledge.vocabulary.dealtWith?.phrases ?? []), ...(knowledge.vocabulary.notBroken?.phrases ?? [])];
  const notShownNow = notShown.length > 0 ? new RegExp(`${WORD_START}${anyPhrase(notShown)}${WORD_END}`, 'gu') : undefined;
  /** The text that error messages are looked for in: without what the person says they dealt with, nor what only looks broken. */
  const current = (text: string): string => (notShownNow ? normalise(text).replace(notShownNow, ' . ') : text);
  const moodNeutral = new Set(knowledge.vocabulary.moodNeutral.words);
  const intents = trainIntentClassifier(intentExamples(knowledge.utterances));
  const sentiment = buildSentimentScorer();
  /** Codes without one the person took back for a message of another error ("0x204. no wait, it warns that ..."). */
  const takeBack = (codes: ExtractedCodes, t: string): ExtractedCodes => {
    const back = takenBack(t, table);
    if (!back || !codes.main.includes(back.code)) return codes;
    const instead = messages.match(back.rest).filter((id) => knowledge.errors.find((e) => e.id === id)?.code?.hex !== back.code);
    return instead.length > 0 ? { ...codes, main: codes.main.filter((code) => code !== back.code) } : codes;
  };
  const dictated = dictationReader(knowledge.vocabulary.dictated?.words);
  const understandText = (typed: string): Understanding => {
    // What voice typing wrote for a word ("the V P N") is put back first, so that every reading below sees the word.
    const written = dictated(typed);
    const text = speller ? speller.correct(written) : written;
    const t = normalise(text);
    // A pasted dialog's list of possible reasons is not evidence; its header still names the error when no code
    // does (a refusal dialog's generic headline beside "Error code: 0x904" is not the 0x204 dialog).
    const evidence = lexicon.withoutBoilerplate(text);
    const codes = takeBack(extractCodes(t, table), t);
    const byCode = [...new Set([...errorIdsForCodes(table, codes), ...namedIn(text)])];
    // A message retold in a hedge ("i think my password expired maybe?") is a guess, not a report; a dialog that
    // hedges itself ("this could be due to CredSSP encryption oracle remediation") still counts.
    const certain = (ids: string[], from: string): string[] => {
      const sure = lexicon.withoutDoubt(from);
      // Nothing hedged (most messages): the same words, the same matches.
      if (ids.length === 0 || wordsOf(sure).length === wordsOf(from).length) return ids;
      const reported = new Set(messages.match(sure));
      return ids.filter((id) => reported.has(id) || hedgingErrors.has(id));
    };
    const now = current(evidence);
    const matched = certain(messages.match(now), now);
    const whole = matched.length > 0 || byCode.length > 0 ? undefined : current(t);
    const errorIds = new Set<string>(whole === undefined ? matched : certain(messages.match(whole), whole));
    for (const id of localized.match(current(lexicon.withoutBoilerplate(written)))) errorIds.add(id);
    for (const id of byCode) errorIds.add(id);
    const words = wordsOf(t);
    const moodWords = words.filter((w) => !moodNeutral.has(w));
    const mood = moodWords.length > 0 ? sentiment.score(moodWords) : 0;
    const answer = answers.parse(t);
    const verdict = answer ? undefined : answers.closing(t);
    return {
      intent: intents.classify(t),
      wantsPerson: wantsPerson(t),
      ...(answer ? { answer } : {}),
      ...(verdict ? { verdict } : {}),
      facts: facts.extract(evidence),
      errorIds: [...errorIds],
      codes,
      unknownCodes: codes.main.filter((code) => !table.main.has(code)),
      saysNoCode: noCode.test(t),
      sentiment: mood,
      frustrated: mood * moodWords.length <= FRUSTRATION,
      wordCount: words.length,
      topic: lexicon.mentions(t),
      triedFixes: tried.find(evidence),
      ...quotedIn(written, quotedNames),
    };
  };
  const plainAnswers = createMemo<Understanding>({ max: MESSAGES_KEPT, ttlMs: MESSAGE_KEPT_MS, freeze: deepFrozen });
  const isPlainAnswer = (text: string, u: Understanding): boolean => u.answer !== undefined && text.length <= SHORT_MESSAGE && !IDENTIFYING.test(text) && redactSecrets(text) === text;
  return {
    lexicon,
    remembered: plainAnswers.remembered,
    understand: (text) => plainAnswers.recall(text, () => understandText(text), (u) => isPlainAnswer(text, u)),
  };
}

/** Freezes plain data all the way down: a remembered understanding is shared by everyone who sent its text. */
function deepFrozen<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFrozen(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * Quoted passages: in double or typographic quotes, or in single quotes that stand outside words, so that the
 * apostrophes of "I can't connect, it doesn't work" quote nothing while "it says 'can't connect'" does.
 */
const QUOTED = /["\u201c\u201e\u00ab]([^"\u201d\u00bb]{8,}?)["\u201d\u00bb]|(?<![\p{L}\p{N}])['\u2018]((?:[^'\u2019]|(?<=\p{L})['\u2019](?=\p{L})){8,}?)['\u2019](?![\p{L}\p{N}])/gu;

/** The first quoted passage of a message ("it says 'xyz'") that is not one of `names`, at most 300 characters. */
function quotedIn(text: string, names: ReadonlySet<string>): { quoted?: string } {
  for (const match of text.matchAll(QUOTED)) {
    const quoted = (match[1] ?? match[2] ?? '').trim();
    if (!names.has(wordsOf(quoted).join(' ')) && !isName(quoted)) return { quoted: quoted.slice(0, 300) };
  }
  return {};
}

/** A name in quotes rather than a message: up to three words, each capitalised ('Safe Home', "Helpdesk Admins"). */
function isName(quoted: string): boolean {
  const words = quoted.split(/\s+/u).filter(Boolean);
  return words.length > 0 && words.length <= 3 && words.every((w) => /^\p{Lu}/u.test(w));
}
