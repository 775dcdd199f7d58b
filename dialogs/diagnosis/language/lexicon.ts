import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import type { Vocabulary } from '../knowledgeTypes.ts';
import { compiledPhrase, findCompiled, normalise, wordsOf, type CompiledPhrase } from './normalise.ts';
import { rememberWords } from './stem.ts';

/**
 * One punctuation-delimited stretch of a text as canonical words (synonyms mapped, stemmed, every negator as
 * "not"), with where its sub-clauses start (before "but", "and", "since"...) and which of them are doubtful:
 * phrases may span sub-clauses ("works for everyone but me"), negation and doubt do not. A condition and its
 * result are one stretch ("if i turn off the firewall, rdp connects"); before a "?", a sub-clause that opens with
 * a question word is a question the person asks, doubtful ("so why won't it connect?").
 */
export type Clause = { words: string[]; starts: number[]; doubtful: boolean[] };

/** The vocabulary compiled for matching: canonical words, clauses, negation scope, topic checks. */
export type Lexicon = {
  /** Canonical form of one word. */
  canonical(word: string): string;
  /** Canonical words of a text (or a phrase written with the knowledge's (a|b) and [x] syntax, kept as is). */
  canonicalText(text: string): string;
  /** The text cut into clauses at punctuation and before clause-break words. */
  clauses(text: string): Clause[];
  /** True when the words before a match (same clause) negate it: a negator with only pass-through words after it, and the match not starting with a problem verb. */
  isNegated(before: readonly string[], first: string): boolean;
  isStopWord(canonicalWord: string): boolean;
  /** A word that starts a new clause ("but", "however"). */
  isClauseBreak(canonicalWord: string): boolean;
  /** The text without the pasted dialogs' boilerplate lines. */
  withoutBoilerplate(text: string): string;
  /** The text's words without its hedged sub-clauses ("i think my password expired maybe?"), clauses kept apart by " . ". */
  withoutDoubt(text: string): string;
  /** Which word lists the text touches; `outOfScope` lists the phrases found. */
  mentions(text: string): { rdp: boolean; remote: boolean; offTopic: boolean; mistaken: boolean; insideSession: boolean; outOfScope: string[] };
};

const NEGATION_WINDOW = 4;
/** What every negator is canonicalised to. */
export const NOT = 'not';

/** Builds the lexicon from vocabulary.yaml. */
export function buildLexicon(vocabulary: Vocabulary): Lexicon {
  const negators = new Set(vocabulary.negation.negators);
  const synonyms = new Map<string, string>();
  const multiword: Array<[RegExp, string]> = [];
  for (const [canonical, variants] of Object.entries(vocabulary.synonyms.words)) {
    for (const variant of variants) {
      if (variant.includes(' ')) multiword.push([new RegExp(`(?<![\\p{L}\\p{N}])${variant.replace(/ /g, '\\s+')}(?![\\p{L}\\p{N}])`, 'gu'), canonical]);
      else synonyms.set(variant, canonical);
    }
  }
  const canonical = rememberWords((word) => {
    const w = word.toLowerCase().replace(/'s$/, '');
    return negators.has(w) || w.endsWith("n't") ? NOT : PorterStemmer.stem(synonyms.get(w) ?? w);
  });
  const passThrough = new Set(vocabulary.negation.passThrough.words.map(canonical));
  const problemVerbs = new Set(vocabulary.negation.problemVerbs.words.map(canonical));
  const stopWords = new Set(vocabulary.stopWords.map(canonical));
  const breaks = new Set(vocabulary.negation.clauseBreaks);
  const canonicalBreaks = new Set(vocabulary.negation.clauseBreaks.map(canonical));
  const conditionals = new Set(vocabulary.negation.conditionals ?? []);
  const questionWords = new Set(vocabulary.negation.questionWords ?? []);
  const reportWords = new Set(vocabulary.reportWords ?? []);
  const guessOpenings = new Set(vocabulary.guesses?.openings ?? []);
  const guessSubjects = new Set(vocabulary.guesses?.subjects ?? []);
  /** A sub-clause's words without its clause-break words ("but", "and"). */
  const unbroken = (raw: readonly string[]): string[] => raw.filter((w) => !breaks.has(w));
  /** "is my account locked?": a question about one's own account or computer, a guess at what is wrong. */
  const guess = (raw: readonly string[]): boolean => {
    const words = unbroken(raw);
    return guessOpenings.has(words[0] ?? '') && guessSubjects.has(words[1] ?? '');
  };
  const presupposed = vocabulary.negation.presupposed;
  const whyVerbs = new Set(presupposed?.whyVerbs ?? []);
  const whyAsking = new Set(presupposed?.whyAsking ?? []);
  const methodOpenings = (presupposed?.methodOpenings ?? []).map((o) => `${o} `);
  const relatives = new Set(presupposed?.relatives ?? []);
  const notRelative = new Set(presupposed?.notRelative ?? []);
  const notRelativeAfter = new Set(presupposed?.notRelativeAfter ?? []);
  const accessVerbs = new Set(presupposed?.accessVerbs ?? []);
  const targets = new Set(presupposed?.targets ?? []);
  /**
   * A sub-clause before a "?" that asks: it opens with a question word, and is no why-question about what happens ("why
   * does RDP stop after the PC goes to sleep?"; still asking: "why would ...", "why do you think ...").
   */
  const asks = (raw: readonly string[]): boolean => {
    const words = unbroken(raw);
    if (!questionWords.has(words[0] ?? '')) return false;
    return !(words[0] === 'why' && whyVerbs.has(words[1] ?? '') && !words.slice(1, 4).some((w) => whyAsking.has(w)));
  };
  /**
   * A question that asks for a way ("how do I ...", "is there a way to ...") cut where what it takes as given starts,
   * which is told, not asked: the thing a relative clause tells of ("... into a | pc that's asleep") or the computer it
   * wants to reach ("how do I | rdp into a windows 11 home pc"), up to a condition, which is asked again ("how do I rdp
   * into it | if the firewall is off?").
   */
  const withGiven = (raw: string[]): Array<{ raw: string[]; given: boolean }> => {
    const opening = `${unbroken(raw).join(' ')} `;
    if (!methodOpenings.some((o) => opening.startsWith(o))) return [{ raw, given: false }];
    const relative = (w: string, i: number): boolean =>
      i > 1 && relatives.has(w) && !notRelative.has(raw[i + 1] ?? '') && !notRelativeAfter.has(raw[i - 1] ?? '') && !questionWords.has(raw[i - 1] ?? '');
    const reach = (w: string, i: number): boolean => i > 0 && accessVerbs.has(w) && targets.has(raw[i + 1] ?? '') && raw[i + 2] !== undefined;
    const found = raw.findIndex((w, i) => raw[i + 1] !== undefined && (relative(w, i) || reach(w, i)));
    if (found < 0) return [{ raw, given: false }];
    // A relative clause is read with the thing it names: "pc that's asleep".
    const at = relatives.has(raw[found] ?? '') ? found - 1 : found;
    if (raw.slice(0, at).some((w) => conditionals.has(w))) return [{ raw, given: false }];
    const end = raw.findIndex((w, i) => i > at && conditionals.has(w));
    const parts = [{ raw: raw.slice(0, at), given: false }, { raw: raw.slice(at, end > at ? end : raw.length), given: true }];
    return end > at ? [...parts, { raw: raw.slice(end), given: false }] : parts;
  };
  /** A piece's words cut before each clause-break word ("but", "and", "since"). */
  const subClauses = (words: readonly string[]): string[][] => {
    const subs: string[][] = [];
    for (const word of words) {
      const last = subs.at(-1);
      if (!last || breaks.has(word)) subs.push([word]);
      else last.push(word);
    }
    return subs;
  };
  /** Doubt in the words: a hedge ("not sure if") that must not be joined to what follows it. */
  const doubtful = (words: readonly string[]): boolean => has(words.join(' '), lists.doubt);
  const withSynonymPhrases = (t: string): string => multiword.reduce((acc, [pattern, replacement]) => acc.replace(pattern, replacement), t);
  const canonicalText = (text: string): string => {
    const t = withSynonymPhrases(normalise(text));
    return t.replace(/[\p{L}\p{N}]+(?:['\-.][\p{L}\p{N}]+)*/gu, (w) => canonical(w));
  };
  const boilerplate = vocabulary.boilerplate.lines.map((line) => boilerplatePattern(line));
  const escaped = (p: string): string => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Another product's name with the words that belong to it ("anydesk remote app"): its "remote app" is not Remote Desktop's.
  const productNouns = [...(vocabulary.offTopic.productNouns ?? [])].sort((a, b) => b.length - a.length).map(escaped).join('|');
  const products = vocabulary.offTopic.products ?? [];
  const otherProducts = [
    ...products.map((p) => new RegExp(`${escaped(p)}${productNouns ? `(?:\\s+(?:${productNouns}))?` : ''}`, 'g')),
    ...vocabulary.offTopic.phrases.map((p) => new RegExp(escaped(p), 'g')),
  ];
  const has = (t: string, phrases: readonly CompiledPhrase[]): boolean => phrases.some((p) => findCompiled(t, p).length > 0);
  const compile = (phrases: readonly string[]): CompiledPhrase[] => phrases.map(compiledPhrase);
  const lists = {
    doubt: compile(vocabulary.doubt),
    offTopic: compile(vocabulary.offTopic.phrases),
    products: compile(products),
    unsureName: compile(vocabulary.offTopic.unsureName ?? []),
    theirMessages: compile(vocabulary.offTopic.theirMessages ?? []),
    rdp: compile(vocabulary.rdpTerms.phrases),
    disclaimers: compile(vocabulary.rdpTerms.disclaimers ?? []),
    remote: compile(vocabulary.remoteTerms.phrases),
    insideSession: compile(vocabulary.insideSession.phrases),
    mistaken: compile(vocabulary.mistakenForRemoteDesktop.phrases),
    asides: compile(vocabulary.mistakenForRemoteDesktop.asides),
    outOfScope: vocabulary.outOfScope.phrases.map((phrase) => ({ phrase, compiled: compiledPhrase(phrase) })),
  };
  return {
    canonical,
    canonicalText,
    clauses(text) {
      const clauses: Clause[] = [];
      for (const { piece, asked } of pieces(clauseText(text), conditionals, doubtful)) {
        const clause: Clause = { words: [], starts: [], doubtful: [] };
        for (const said of subClauses(wordsOf(withSynonymPhrases(piece)))) {
          const question = asked && asks(said);
          for (const { raw, given } of question ? withGiven(said) : [{ raw: said, given: false }]) {
            clause.starts.push(clause.words.length);
            clause.words.push(...raw.map(canonical));
            // A question the person asks (a sub-clause opening with a question word, before a "?") states nothing:
            // "is rdp enabled? how do I check", "3389 is open so why won't it connect?" (only its last part); what it
            // takes as given does (the vocabulary's `presupposed`).
            clause.doubtful.push((question && !given) || doubtful(raw));
          }
        }
        if (clause.words.length > 0) clauses.push(clause);
      }
      return clauses;
    },
    isNegated(before, first) {
      const window = before.slice(-NEGATION_WINDOW);
      const last = window.lastIndexOf(NOT);
      if (last < 0 || problemVerbs.has(first)) return false;
      return window.slice(last + 1).every((w) => passThrough.has(w));
    },
    isStopWord: (word) => stopWords.has(word),
    isClauseBreak: (word) => canonicalBreaks.has(word),
    withoutDoubt(text) {
      const kept: string[] = [];
      // Hedges and guesses: a question still reports what it asks about ("why does it say the logon attempt failed?"),
      // but not one about the person's own account ("is my account locked??").
      for (const { piece, asked } of pieces(clauseText(text), conditionals, doubtful)) {
        for (const raw of subClauses(wordsOf(piece))) if (!(doubtful(raw) || (asked && guess(raw))) || raw.some((w) => reportWords.has(w))) kept.push(raw.join(' '));
      }
      return kept.join(' . ');
    },
    withoutBoilerplate(text) {
      return boilerplate.reduce((t, pattern) => t.replace(pattern, ' . '), text);
    },
    mentions(text) {
      const t = normalise(text);
      // A product named by someone unsure what their tool is called ("the citrix thing, IT calls it something else") is a guess.
      // Another product's own message (TeamViewer's "commercial use" countdown) is that product's, whatever the person
      // calls the tool: "my remote desktop to my mum's computer says ... commercial use" names no Remote Desktop problem.
      const theirs = has(t, lists.theirMessages);
      const offTopic = theirs || has(t, lists.offTopic) || (has(t, lists.products) && !has(t, lists.unsureName));
      // "chrome remote desktop" names another product: its words do not make it a Remote Desktop problem.
      // Remote Desktop said not to be the problem ("this isn't the Windows RDP thing: we use TeamViewer") does not count.
      const rest = withoutSpans(
        otherProducts.reduce((acc, pattern) => acc.replace(pattern, ' '), t),
        lists.disclaimers,
      );
      const rdp = !theirs && has(rest, lists.rdp);
      // Taken for Remote Desktop: unless Remote Desktop (or remote access) is mentioned as the problem, not just asked
      // about or said to work.
      const mistaken = has(t, lists.mistaken) && ((besides: string) => !has(besides, lists.rdp) && !has(besides, lists.remote))(withoutSpans(rest, lists.asides));
      // A product named in brackets is part of the sentence: "the vpn programm (forticlient) not install"; a "+" joins
      // as "and" does ("win10 home + rdp wrapper").
      const unbracketed = t.replace(/\s*[()[\]]\s*/g, ' ').replace(/\s\+\s/g, ' and ').trim();
      return {
        rdp,
        remote: has(rest, lists.remote),
        offTopic,
        mistaken,
        insideSession: has(t, lists.insideSession),
        outOfScope: lists.outOfScope.filter((p) => findCompiled(unbracketed, p.compiled).length > 0).map((p) => p.phrase),
      };
    },
  };
}

/** The text with every occurrence of the phrases blanked out (as spaces of the same length, so offsets hold). */
function withoutSpans(text: string, phrases: readonly CompiledPhrase[]): string {
  let out = text;
  for (const phrase of phrases) {
    for (const [start, end] of findCompiled(out, phrase)) out = `${out.slice(0, start)}${' '.repeat(end - start)}${out.slice(end)}`;
  }
  return out;
}

/** A boilerplate line as a pattern: short lines only as a whole line of their own, longer ones anywhere. */
function boilerplatePattern(line: string): RegExp {
  const words = wordsOf(line).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const body = words.join("[^\\p{L}\\p{N}']+");
  return words.length < 3 ? new RegExp(`^[^\\p{L}\\p{N}]*${body}[^\\p{L}\\p{N}]*$`, 'gimu') : new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'giu');
}

/**
 * A blank line ends what was said before it, with or without a full stop: "3389/tcp closed ms-wbt-server" in a
 * pasted port scan is not in doubt because of the "no idea what 49833 is" under it; so does a list item's line. (Other
 * single line breaks are not cuts: mail wraps sentences.)
 */
function paragraphs(text: string): string {
  return text.replace(/\n[^\S\n]*\n\s*/g, ' . ').replace(LIST_ITEM, ' . ');
}

/** A line that starts a list item ("- firewall: off", "* ping works", "2) ..."): the line before it is said and done. */
const LIST_ITEM = /\n[^\S\n]*(?:[-*•+]|\d{1,2}[.)])[^\S\n]+/g;

/**
 * A number, an address or a port in brackets ("from the router page (192.168.1.23) it connects"): an aside that neither
 * ends the clause it stands in nor says anything of its own there.
 */
const NUMBER_ASIDE = /\(\s*[\p{N}.:]+\s*\)/gu;

/**
 * A short label in double quotes ('calls the network "Public network"', 'the "Remote Desktop Users" group'): read as
 * part of its sentence, as in single quotes. A longer quote, or one with punctuation in it (a pasted message), still
 * ends the clause.
 */
const QUOTED_LABEL = /"([^"\n.,;:!?()]{1,40})"/g;
const LABEL_WORDS = 4;

/** A text as its clauses are cut from: normalised, paragraphs ended, bracketed numbers left out, short quoted labels unquoted. */
function clauseText(text: string): string {
  return normalise(paragraphs(text))
    .replace(NUMBER_ASIDE, ' ')
    .replace(QUOTED_LABEL, (quote: string, label: string) => (label.trim().split(/\s+/).length <= LABEL_WORDS ? ` ${label} ` : quote));
}

/** Where punctuation cuts a text into clauses: a run of these, or a dash between spaces. */
const CLAUSE_CUT = /([,.;!?()"\n]+|\s-\s)/;

/**
 * The punctuation-delimited pieces of a normalised text, each marked when a question mark ends it. A piece with a
 * conditional word followed by two more words runs on past its comma into its result: "if i turn off the firewall,
 * rdp connects" and "but when i disable the firewall, it connects" are one clause each, while "not sure if it
 * matters, rdp is enabled" (a hedge before the condition) and "if not, ..." are not joined.
 */
function pieces(text: string, conditionals: ReadonlySet<string>, hedged: (words: readonly string[]) => boolean): Array<{ piece: string; asked: boolean }> {
  // Odd indexes of `parts` are the cuts between the pieces.
  const parts = text.split(CLAUSE_CUT);
  const out: Array<{ piece: string; asked: boolean }> = [];
  for (let i = 0; i < parts.length; i += 2) {
    let piece = parts[i] ?? '';
    let cut = parts[i + 1] ?? '';
    const words = wordsOf(piece);
    const at = words.findLastIndex((w) => conditionals.has(w));
    if (at >= 0 && words.length - at >= 3 && !hedged(words.slice(0, at + 1)) && cut.trim() === ',' && i + 2 < parts.length) {
      // The condition's result, the next piece, is read with it; skip past it.
      piece = `${piece} ${parts[i + 2] ?? ''}`;
      cut = parts[i + 3] ?? '';
      i += 2;
    }
    const previous = out.at(-1);
    const before = parts[i - 1]?.trim();
    if (previous && !previous.asked && ((before && VERDICT_CUTS.has(before) && SHARED_VERDICT.test(piece)) || (before === ',' && CONTRAST.test(piece)))) {
      // "checked the firewall and the antivirus, both fine", "svchost is listening, just not on 3389": what the comma
      // ended is what the piece speaks of.
      previous.piece = `${previous.piece} ${piece}`;
      previous.asked = cut.includes('?');
      continue;
    }
    out.push({ piece, asked: cut.includes('?') });
  }
  return out;
}

/** Where a shared verdict may be cut off from what it judges: a comma, a semicolon or a dash. */
const VERDICT_CUTS = new Set([',', ';', '-']);

/** A contrast that leaves its verb out ("it's listening, just not on 3389", "it works, but not from home"). */
const CONTRAST = /^\s*(?:just|only|but|though) not\s/;

/**
 * A piece that is only a verdict on the several things the clause before it named ("both fine", "all ok", "both look
 * good"): read with that clause, as if the comma were not there.
 */
const SHARED_VERDICT = /^\s*(both|all|all of them|both of them|each) (are |look |looks |seem |seems |were |was |came back |checked )?(fine|ok|okay|good|clear|clean|normal|green)\s*$/;
