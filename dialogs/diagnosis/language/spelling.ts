import type { Knowledge } from '../knowledgeTypes.ts';
import { wordsOf } from './normalise.ts';
import { rememberWords } from './stem.ts';

/** English words with how common each is: SCOWL's size, 10 for the commonest words to 70 (bot/englishWords.ts). */
export type WordList = { has(word: string): boolean; get(word: string): number | undefined };

/**
 * The rarest words that compete with a correction (SCOWL's default size), and the size given to a known word that no
 * word list holds ("rdp", "mstsc"). Rarer words are left alone when written, but do not stop a correction.
 */
const RAREST = 50;

/**
 * The speller of a knowledge: the words of its English texts are the ones corrected toward. Words of other languages
 * are never offered as a correction ("remte" and "remot" are "remote", not the Italian "rete" or "remoto"): the
 * dialogs of errors' localizedMessages are read in the text as written, before any correction, and the vocabulary's
 * otherLanguages words (Remote Desktop's localized names, a request for a person) are left as written.
 */
export function knowledgeSpeller(knowledge: Knowledge, canonical: (word: string) => string, wordList: () => WordList): Speller {
  // The knowledge's words are gathered when the speller is first used (the first message), not when the language
  // model is built: buildSpeller reads both lists only then.
  let split: { known: string[]; foreign: Set<string> } | undefined;
  const words = (): { known: string[]; foreign: Set<string> } => {
    if (split) return split;
    const english = { ...knowledge, errors: knowledge.errors.map((e) => ({ ...e, localizedMessages: [] })) };
    // A word of another language that the knowledge's own texts (errors, questions, causes, fixes) also use stays one
    // of its words ("desktop", "distance").
    const own = new Set(wordsIn({ ...english, vocabulary: undefined }));
    const foreign = new Set([...wordsIn(knowledge.vocabulary.otherLanguages?.words ?? [])].filter((word) => !own.has(word)));
    return (split = { known: [...wordsIn(english)].filter((word) => !foreign.has(word)), foreign });
  };
  return buildSpeller(lazily(() => words().known), canonical, wordList, lazily(() => words().foreign));
}

/** An iterable whose items are worked out when it is first iterated. */
function lazily<T>(items: () => Iterable<T>): Iterable<T> {
  return { [Symbol.iterator]: () => items()[Symbol.iterator]() };
}

/** Every word of every text in a value (for the knowledge: its phrases, messages, questions, fixes, vocabulary). */
export function* wordsIn(value: unknown): Generator<string> {
  if (typeof value === 'string') yield* wordsOf(value);
  else if (Array.isArray(value)) for (const item of value) yield* wordsIn(item);
  else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) yield* wordsIn(item);
}

export type Speller = {
  /** The text with each misspelt word put right where its correction is certain; everything else as written. */
  correct(text: string): string;
  /** The correction of one lower-case word, or the word itself. */
  word(word: string): string;
};

/**
 * Shorter words are left as written, and words of this length are only given a letter left out ("eror"): too many
 * abbreviations lie one letter from a shorter or another known word ("acct" and "act", "prob" and "pro").
 */
const SHORTEST = 4;
/** From this length a word two edits from a known word is corrected too ("authentification"). */
const TWO_EDITS_FROM = 8;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
/** A word as wordsOf reads one, with every apostrophe people type ("couldn’t") holding it together. */
const TOKEN = /[\p{L}\p{N}]+(?:['\u2018\u2019\u02bc`´\-.][\p{L}\p{N}]+)*/gu;

/**
 * Puts right the misspellings of the knowledge's own words ("pasword", "certifcate", "conection", "firewal")
 * before anything reads the text, so every phrase, question and error message is found as the person meant it.
 *
 * A word is corrected only when it is no English word (SCOWL up to size 70: "codec", "reseat" stay) and no word of
 * the knowledge, and what it could have meant is one word of the knowledge: of the words one slip away (a letter
 * left out or put in, two swapped, a key beside the right one, a vowel or a letter that sounds alike; see editsOf),
 * the known ones read as one canonical word, and no other common English word (size 50 and under) as common as they
 * are means something else ("conection" is "connection", not the rarer "convection"; "wierd" stays, "wired" being no
 * commoner than "weird"). A wrong correction would put words into the person's mouth, so a doubt leaves the word as
 * written, and a correction never drops a negation's "nt" ("shouldnt" is not "should"). Words of eight letters or
 * more with nothing one slip away may be two edits from known words of one meaning and another length
 * ("authentification"). Words with a capital (names, acronyms, hosts: "Amit" is not "admit"), words under four
 * letters, and words with digits, apostrophes (any: "couldn’t" is one word) or letters beyond a-z are never touched,
 * but for what text recognition misreads in a photo of the screen (ocrReading: "rernote", "1isted"). `keptWords` are
 * left as written but never offered as a correction.
 */
export function buildSpeller(knownWords: Iterable<string>, canonical: (word: string) => string, wordList: () => WordList, keptWords: Iterable<string> = []): Speller {
  let built: ((word: string) => string) | undefined;
  // Built once, on the first message, not at start-up (about 100 ms with the English words). English words that
  // cannot be read leave every word as written for good: correcting without them would correct real words.
  const build = (): ((word: string) => string) => {
    // The known words outside the catch: a knowledge that cannot be read is an error, not a speller switched off.
    const known = [...knownWords].filter((k) => /^[a-z]+$/.test(k));
    const kept = new Set(keptWords);
    try {
      return corrector(known, canonical, wordList(), kept);
    } catch {
      return (w) => w;
    }
  };
  const word = (w: string): string => (built ??= build())(w);
  return {
    word,
    correct(text) {
      return text.replace(TOKEN, (token) => {
        // A capital anywhere is a name, an acronym or a host ("Amit", "Locke", "SRV-FILES01"), at a sentence's start too.
        if (/\p{Lu}/u.test(token)) return token;
        return word(token);
      });
    },
  };
}

function corrector(knownWords: readonly string[], canonical: (word: string) => string, english: WordList, kept: ReadonlySet<string>): (word: string) => string {
  const known = new Set(knownWords);
  // Known words of seven letters or more by each string one letter shorter: a long word and a known word that
  // share such a string are at most two edits apart.
  const byDeletion = new Map<string, string[]>();
  for (const word of known) {
    if (word.length < TWO_EDITS_FROM - 1) continue;
    for (const shorter of new Set(deletionsOf(word))) {
      const list = byDeletion.get(shorter);
      if (list) list.push(word);
      else byDeletion.set(shorter, [word]);
    }
  }
  const isWord = (w: string): boolean => known.has(w) || english.has(w);
  /**
   * The known candidate when every known candidate reads as one canonical word and no other English word among
   * the candidates, meaning something else, is as common as the commonest of them ("conection": "connection",
   * not "convection"; "wierd": "wired" or the commoner "weird", left); otherwise undefined.
   */
  const onlyMeaning = (candidates: ReadonlySet<string>): string | undefined => {
    let meaning: string | undefined;
    let pick: string | undefined;
    let common = RAREST;
    for (const candidate of candidates) {
      if (!known.has(candidate)) continue;
      const form = canonical(candidate);
      if (meaning !== undefined && form !== meaning) return undefined;
      meaning = form;
      const size = english.get(candidate) ?? RAREST;
      if (pick === undefined || size < common) [pick, common] = [candidate, size];
    }
    if (pick === undefined) return undefined;
    for (const candidate of candidates) {
      if (!known.has(candidate) && canonical(candidate) !== meaning && (english.get(candidate) ?? RAREST) <= common) return undefined;
    }
    return pick;
  };
  /** Known words two edits from a long word, of another length: two letters missing or too many, or one and a slip. */
  const twoEditsFrom = (w: string): string[] => {
    const found = new Set<string>();
    for (const shorter of deletionsOf(w)) {
      for (const k of byDeletion.get(shorter) ?? []) found.add(k);
      for (const shortest of deletionsOf(shorter)) if (known.has(shortest)) found.add(shortest);
    }
    for (const longer of insertionsOf(w)) for (const k of byDeletion.get(longer) ?? []) found.add(k);
    // Two letters changed in place are two other words more often than one slip ("remoting", "removing"), and two
    // letters more than a short word make another word ("checksum", "checks").
    return [...found].filter((k) => k[0] === w[0] && k.length !== w.length && k.length >= TWO_EDITS_FROM - 1);
  };
  /** A correction that keeps a negation: "shouldnt" is "should not", never "should". */
  const keeps = (w: string, pick: string | undefined): string => (pick !== undefined && !(w.endsWith('nt') && !pick.endsWith('nt')) ? pick : w);
  return rememberWords((w: string): string => {
    const read = ocrReading(w, isWord);
    if (read !== undefined) return read;
    if (w.length < SHORTEST || !/^[a-z]+$/.test(w) || isWord(w) || kept.has(w)) return w;
    const near = new Set<string>();
    for (const edit of editsOf(w)) if ((w.length > SHORTEST || edit.length > w.length) && isWord(edit)) near.add(edit);
    if (near.size > 0) return keeps(w, onlyMeaning(near));
    if (w.length < TWO_EDITS_FROM) return w;
    return keeps(w, onlyMeaning(new Set(twoEditsFrom(w))));
  });
}

/**
 * A word as text recognition misreads it from a photo of the screen, read back where that makes a word and the word
 * as written is none: "rn" for "m" ("rernote cornputer", "perrnission"), "1" for "l" and "0" for "o" among letters
 * ("1isted", "enab1ed"). Codes keep their digits ("0x204" reads as no word either way), and a word that is one
 * ("turn", "learn") is never touched.
 */
function ocrReading(w: string, isWord: (w: string) => boolean): string | undefined {
  // Not in a word of three letters ("arn" is no "am"): too short to tell a misreading from a slip.
  if (w.length >= SHORTEST && w.includes('rn') && /^[a-z]+$/.test(w) && !isWord(w)) {
    const read = w.replaceAll('rn', 'm');
    return isWord(read) ? read : undefined;
  }
  if (/^[a-z01]+$/.test(w) && /[01]/.test(w) && /[a-z]{2}/.test(w)) {
    const read = w.replaceAll('1', 'l').replaceAll('0', 'o');
    return read.length >= SHORTEST && isWord(read) ? read : undefined;
  }
  return undefined;
}

/** The word with one letter put in, anywhere. */
function* insertionsOf(w: string): Generator<string> {
  for (let i = 0; i <= w.length; i += 1) for (const c of LETTERS) yield w.slice(0, i) + c + w.slice(i);
}

/** The word with one letter left out, each way. */
function* deletionsOf(w: string): Generator<string> {
  for (let i = 0; i < w.length; i += 1) yield w.slice(0, i) + w.slice(i + 1);
}

/** Keys next to each other on a QWERTY keyboard. */
const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const VOWELS = 'aeiouy';
/** Letters that sound alike, or differ only in voice. */
const SOUNDS = ['cksz', 'dt', 'bp', 'gk', 'fv'];

/** For each letter, the other letters of its groups. */
function lettersFor(groups: readonly string[]): ReadonlyMap<string, string> {
  const others = new Map<string, Set<string>>();
  for (const group of groups) {
    for (const a of group) for (const b of group) if (a !== b) others.set(a, (others.get(a) ?? new Set()).add(b));
  }
  return new Map([...others].map(([letter, set]) => [letter, [...set].join('')]));
}

/** Pairs of keys side by side, or one row apart (shifted as keyboards are). */
const NEIGHBOURS = ROWS.flatMap((row, r) =>
  [...row].flatMap((key, i) => [row[i + 1], ROWS[r + 1]?.[i], ROWS[r + 1]?.[i - 1]].flatMap((other) => (other ? [key + other] : []))),
);
/** A letter that sounds like another ("sertificate", "accound"). */
const SOUNDS_LIKE = lettersFor(SOUNDS);
/**
 * The letters a typist may type instead of each letter: a key around it, another vowel, or one that sounds alike.
 * Anything else ("undock" for "unlock", "remoting" for "removing") is another word, not a slip.
 */
const SLIPS = lettersFor([...NEIGHBOURS, VOWELS, ...SOUNDS]);

/**
 * Every string one slip from the word, its first letter kept but for one that sounds alike (people rarely
 * mistype it, and a letter before a known word makes another word: "klist", "iphone"): a letter left out or put
 * in, two neighbours swapped, or a letter typed for one of its slips (SLIPS).
 */
function* editsOf(w: string): Generator<string> {
  for (const c of SOUNDS_LIKE.get(w[0] ?? '') ?? '') yield c + w.slice(1);
  for (let i = 1; i <= w.length; i += 1) {
    const head = w.slice(0, i);
    const tail = w.slice(i);
    const letter = tail[0];
    if (letter !== undefined) {
      yield head + tail.slice(1);
      if (tail.length > 1) yield head + tail[1] + letter + tail.slice(2);
      for (const c of SLIPS.get(letter) ?? '') yield head + c + tail.slice(1);
    }
    for (const c of LETTERS) yield head + c + tail;
  }
}
