import type { ErrorEntry } from '../knowledgeTypes.ts';
import { anyPhrase, escapeRegex, normalise } from './normalise.ts';

export type CodeTable = {
  /** Known main codes (lower-case hex without leading zeros, e.g. 0x904) → error ids. */
  main: Map<string, string[]>;
  /** Known extended codes → error ids that list them. */
  extended: Map<string, string[]>;
  /** Decimal forms (2308 → 0x904) of known main codes. */
  decimal: Map<number, string>;
  /** "main/extended" → error ids whose main code lists that extended code (0x904/0x7 → server refused). */
  specific: Map<string, string[]>;
  /** Main code → error ids with that main code and no extended codes (the code on its own). */
  plain: Map<string, string[]>;
  /** A label that names the code after it as the extended one ("extended error code: 0x7"), from the vocabulary. */
  extendedLabel: RegExp;
  /** Digits said aloud ("zero x two oh four", "nine oh four extended seven"), from the vocabulary: written as digits before codes are read. */
  spoken?: (text: string) => string;
};

export type ExtractedCodes = { main: string[]; extended: string[] };

/**
 * Indexes the codes the knowledge knows, so free text can be read against them; `extendedLabels` are the vocabulary's
 * phrases, `spokenDigits` its words for each digit said aloud ("0": zero, oh).
 */
export function buildCodeTable(errors: readonly ErrorEntry[], extendedLabels: readonly string[], spokenDigits?: Readonly<Record<string, readonly string[]>>): CodeTable {
  // "my extended code is 0x0": a verb after the label only where it says "extended" (not "my ext is 2231", a phone).
  const extendedLabel = new RegExp(`(?<!\\p{L})(?:${anyPhrase(extendedLabels)}|extended (?:error )?(?:code )?(?:is|was|says|reads))\\s*[:=#]?\\s*(0x[0-9a-f]+|[0-9a-f]{1,4})(?![0-9a-z])`, 'gu');
  const table: CodeTable = { main: new Map(), extended: new Map(), decimal: new Map(), specific: new Map(), plain: new Map(), extendedLabel };
  if (spokenDigits) table.spoken = spokenReader(spokenDigits, extendedLabels);
  const add = (map: Map<string, string[]>, hex: string, id: string): void => {
    map.set(canonicalHex(hex), [...(map.get(canonicalHex(hex)) ?? []), id]);
  };
  for (const error of errors) {
    if (error.code) {
      add(table.main, error.code.hex, error.id);
      table.decimal.set(error.code.decimal, canonicalHex(error.code.hex));
      if (error.extendedCodes.length === 0) add(table.plain, error.code.hex, error.id);
      for (const ext of error.extendedCodes) add(table.specific, `${canonicalHex(error.code.hex)}/${canonicalHex(ext.hex)}`, error.id);
    }
    for (const ext of error.extendedCodes) add(table.extended, ext.hex, error.id);
  }
  return table;
}

/**
 * Error ids for the codes read from a message: per main code, the entries that list one of the given
 * extended codes; else the entry for the main code on its own; else every entry with that main code.
 * Extended codes count on their own only when no main code the knowledge knows was given ("Error code: 0x3, Extended
 * error code: 0x4": the server ended the session, and 0x4 says why).
 */
export function errorIdsForCodes(table: CodeTable, codes: ExtractedCodes): string[] {
  const ids = new Set<string>();
  for (const main of codes.main) {
    const specific = codes.extended.flatMap((ext) => table.specific.get(`${main}/${ext}`) ?? []);
    const chosen = specific.length > 0 ? specific : (table.plain.get(main) ?? table.main.get(main) ?? []);
    for (const id of chosen) ids.add(id);
  }
  if (!codes.main.some((main) => table.main.has(main))) for (const ext of codes.extended) for (const id of table.extended.get(ext) ?? []) ids.add(id);
  return [...ids];
}

/** 0X0904 → 0x904. */
export function canonicalHex(hex: string): string {
  const digits = hex.toLowerCase().replace(/^0x/, '').replace(/^0+(?=.)/, '');
  return `0x${digits}`;
}

/** Windows error codes (HRESULT, NTSTATUS, Win32) have at most 8 hex digits: a longer hex string is a key or a hash, not a code to look up or repeat. */
const HEX = '0x[0-9a-f]{1,8}';

/**
 * Reads error codes in the forms people type: 0x904, 0X904, 0x0904, 904, 2308 (decimal), 0x904/0x7,
 * "904 ext 7", "0x904 x7", a pasted dialog ("Error code: 0x904 Extended error code: 0x7") and common
 * typos (o for 0, ×, a space after 0x).
 */
export function extractCodes(text: string, table: CodeTable): ExtractedCodes {
  // "0x204 wait no its 0x104": a code the person corrects right away is not read.
  let t = readable(text, table).replace(CORRECTED, (whole: string, first: string, said: string, second: string) =>
    knownMain(table, first) && knownMain(table, second) ? ` ${said}${second}` : whole,
  );
  // "my extended code is 0x0, not 0x7 like OP's": a code said not to be the person's is not read.
  t = t.replace(DENIED, ' ');
  const main: string[] = [];
  const extended: string[] = [];
  const push = (list: string[], code: string): void => {
    if (!list.includes(code)) list.push(code);
  };
  const pair = dialogPair(t, table);
  if (pair) {
    push(main, pair.main);
    push(extended, pair.extended);
    t = pair.rest;
  }
  for (const match of t.matchAll(table.extendedLabel)) push(extended, hexOf(match[1] ?? ''));
  t = t.replace(table.extendedLabel, ' ');
  for (const match of t.matchAll(new RegExp(`(${HEX})\\s*(?:/|\\\\|-|\\s|,)\\s*(?:x|0x)([0-9a-f]{1,8})(?![0-9a-z])`, 'g'))) {
    const first = canonicalHex(match[1] ?? '');
    const second = canonicalHex(`0x${match[2] ?? ''}`);
    if (table.main.has(first) && table.extended.has(second)) {
      push(main, first);
      push(extended, second);
      t = t.replace(match[0], ' ');
    }
  }
  for (const match of t.matchAll(new RegExp(`(?<![0-9a-z])(${HEX})(?![0-9a-z])`, 'g'))) {
    const code = canonicalHex(match[1] ?? '');
    // A tool's field pasted with its value ("WAIT_HINT : 0x7d0", "fDenyTSConnections REG_DWORD 0x1") and a zero
    // (success) are values, not codes the knowledge does not know.
    if (!table.main.has(code) && (code === '0x0' || FIELD_BEFORE.test(t.slice(Math.max(0, (match.index ?? 0) - 40), match.index)))) continue;
    if (table.main.has(code) || !table.extended.has(code)) push(main, code);
    else push(extended, code);
  }
  for (const match of t.matchAll(/(?<![0-9a-z.:])(\d{3,8})(?![0-9a-z.:])/g)) {
    const code = knownMainOfDigits(table, match[1] ?? '');
    if (code) push(main, code);
  }
  // "0x904 and then code 7", "904 / 7": a second "code" shortly after a main code, or a bare number after its slash,
  // is its extended code when the knowledge lists that pair (never a guess: "0x204 ... code 3" reads nothing).
  for (const match of [...t.matchAll(SECOND_CODE), ...t.matchAll(SLASHED_PAIR)]) {
    const first = match[1] ?? '';
    const code = first.startsWith('0x') ? canonicalHex(first) : knownMainOfDigits(table, first);
    const second = hexOf(match[2] ?? '');
    if (code && table.specific.has(`${code}/${second}`)) push(extended, second);
  }
  return { main, extended };
}

/**
 * What comes right before a value that is no error in pasted tool output: a registry value's type ("REG_DWORD 0x1")
 * and sc query's progress fields ("WAIT_HINT : 0x7d0", "CHECKPOINT : 0x0"). Its exit codes are kept: "WIN32_EXIT_CODE
 * : 1067 (0x42b)" is why a service stopped, a code the hand-off should carry.
 */
const FIELD_BEFORE = /(?:\breg_(?:dword|qword|sz|expand_sz|multi_sz|binary)|\b(?:wait_hint|checkpoint)\s*:)\s*$/;

/** A code after its label in a pasted dialog, in any language: "error code: 0x4", "codice errore esteso: 0x0", "foutcode: 0x204". */
const LABELLED_CODE = new RegExp(`(?<![\\p{L}'])((?:[\\p{L}']+ ){0,3}[\\p{L}']+) ?: ?(${HEX})(?![0-9a-z])`, 'gu');
/** What may stand between a dialog's two labelled codes: nothing but spaces and punctuation. */
const ONLY_PUNCTUATION = /^[\s,;.|/-]*$/;
/** An extended code is a small number ("0x7", "0x10a"): four hex digits at most. */
const EXTENDED_DIGITS = 4;

/**
 * The main and the extended code of a pasted dialog in any language: a labelled code right after another, where the
 * second label is the first's last words with one word more, before or after them ("error code: 0x4 extended error
 * code: 0x0", "codice errore: 0x4 codice errore esteso: 0x0", "fehlercode: 0x204 erweiterter fehlercode: 0x0"). The
 * first is the main code even where the knowledge knows that number only as an extended one ("Error code: 0x4" is no
 * active-session time limit). Not when the second code is a main code of its own or too long for an extended one
 * ("home pc error code: 0x204, office pc error code: 0x904"; an event's "status: 0xc000006d sub status: 0xc000006a"),
 * nor a main code 0x0. `t` with both labelled codes cut out is returned too.
 */
function dialogPair(t: string, table: CodeTable): { main: string; extended: string; rest: string } | undefined {
  const found = [...t.matchAll(LABELLED_CODE)];
  for (const [i, first] of found.entries()) {
    const second = found[i + 1];
    if (!second) break;
    const firstEnd = first.index + first[0].length;
    if (!ONLY_PUNCTUATION.test(t.slice(firstEnd, second.index))) continue;
    const a = (first[1] ?? '').split(' ');
    const b = (second[1] ?? '').split(' ');
    if (b.length < 2 || b.length - 1 > a.length) continue;
    const words = a.slice(-(b.length - 1)).join(' ');
    if (b.slice(1).join(' ') !== words && b.slice(0, -1).join(' ') !== words) continue;
    const main = canonicalHex(first[2] ?? '');
    const extended = canonicalHex(second[2] ?? '');
    if (main === '0x0' || extended.length > EXTENDED_DIGITS + 2 || (table.main.has(extended) && !table.extended.has(extended))) continue;
    return { main, extended, rest: `${t.slice(0, first.index)} ${t.slice(firstEnd, second.index)} ${t.slice(second.index + second[0].length)}` };
  }
  return undefined;
}

/** "0x7" or "7" → 0x7. */
function hexOf(code: string): string {
  return canonicalHex(code.startsWith('0x') ? code : `0x${code}`);
}

/** A known main code written as bare digits: hex without its 0x (904), else decimal (2308). */
function knownMainOfDigits(table: CodeTable, digits: string): string | undefined {
  const asHex = canonicalHex(`0x${digits}`);
  return table.main.has(asHex) ? asHex : table.decimal.get(Number(digits));
}

const SECOND_CODE = new RegExp(`(?<![0-9a-z])(${HEX}|\\d{3,8})(?![0-9a-z])[^.;!?\\n]{0,25}?(?<![0-9a-z])code\\s*[:=#]?\\s*(0x[0-9a-f]{1,2}|[0-9a-f]{1,2})(?![0-9a-z])`, 'g');

/** A code, a correction ("wait no its", "sorry", "i mean") and the code meant: the first is not read. */
const CORRECTED = new RegExp(`(?<![0-9a-z])(${HEX}|\\d{3,8})(?![0-9a-z])[\\s,.;:!-]*((?:wait|oops|sorry|correction|scratch that|i mean|i meant|no wait|no sorry|actually|err)[\\s,.;:!-]+(?:no[\\s,.;:!-]+)?(?:(?:it's|its|it is|the code is|it was|i mean|make that)\\s+)?)(${HEX}|\\d{3,8})(?![0-9a-z])`, 'g');

/** A code the person says is not theirs: "not 0x7", "isn't 0x904", "rather than the 0x204", "instead of 0x7". */
const DENIED = new RegExp(`(?<![0-9a-z'])(?:not|isn't|isnt|is not|wasn't|was not|rather than|instead of|unlike)\\s+(?:the\\s+|an?\\s+)?(?:${HEX}|\\d{3,8})(?![0-9a-z])`, 'g');

/** A main code and a bare number after its slash ("904 / 7"), read as a pair when the knowledge lists it. */
const SLASHED_PAIR = new RegExp(`(?<![0-9a-z])(${HEX}|\\d{3,8})\\s*[/\\\\]\\s*(0x[0-9a-f]{1,2}|[0-9a-f]{1,2})(?![0-9a-z])`, 'g');

/** A code, a correction, and what the person says instead ("first it was 0x204. no wait, today it connects but warns ..."). */
const TAKEN_BACK = new RegExp(`(?<![0-9a-z])(${HEX}|\\d{3,8})(?![0-9a-z])[\\s,.;:!-]*(?:no wait|wait no|scratch that|correction|(?:sorry[\\s,]+)?i (?:mean|meant))[\\s,.;:!-]+(.*)$`, 's');

/**
 * A code the knowledge knows that the person takes back in words instead of with another code (that case is
 * CORRECTED's): a retraction right after it ("no wait", "scratch that", "i mean"; not a polite "sorry" or "wait, there
 * is also"), the code not said again, and the words after the retraction: the caller drops the code when those words
 * report another error.
 */
export function takenBack(text: string, table: CodeTable): { code: string; rest: string } | undefined {
  const t = readable(text, table);
  const match = TAKEN_BACK.exec(t);
  const first = match?.[1] ?? '';
  const code = first.startsWith('0x') ? canonicalHex(first) : knownMainOfDigits(table, first);
  if (!code || !table.main.has(code)) return undefined;
  const rest = match?.[2] ?? '';
  return extractCodes(rest, table).main.includes(code) ? undefined : { code, rest };
}

/** A main code the knowledge knows, as hex or bare digits: only such a code corrects another. */
function knownMain(table: CodeTable, code: string): boolean {
  return code.startsWith('0x') ? table.main.has(canonicalHex(code)) : knownMainOfDigits(table, code) !== undefined;
}

/**
 * Writes digits said aloud as digits, where they can only be a code: after a spoken "0x" ("zero x two oh four",
 * "oh x nine oh four"), three or more in a row that do not start with a zero ("nine oh four", "two zero four"), and
 * one after an extended code's label ("extended seven"). "Oh" and "o" count as zero only inside such a run, so "oh
 * no" and "one or two" stay words.
 */
function spokenReader(digits: Readonly<Record<string, readonly string[]>>, extendedLabels: readonly string[]): (text: string) => string {
  const digitOf = new Map<string, string>();
  for (const [digit, words] of Object.entries(digits)) for (const word of words) digitOf.set(normalise(word), digit);
  if (digitOf.size === 0) return (text) => text;
  const words = [...digitOf.keys()].sort((a, b) => b.length - a.length).map(escapeRegex);
  const any = `(?:${words.join('|')}|\\d)`;
  const zeros = words.filter((w) => digitOf.get(w) === '0');
  const nonZero = `(?:${words.filter((w) => digitOf.get(w) !== '0').join('|')}|[1-9])`;
  const run = (first: string, min: number): string => `${first}(?:[\\s-]+${any}){${min},}`;
  const asDigits = (said: string): string => said.split(/[\s-]+/).map((w) => digitOf.get(w) ?? w).join('');
  const prefixed = new RegExp(`(?<![\\p{L}\\p{N}])(?:${[...zeros, '0'].join('|')})[\\s-]*(?:x|ex)[\\s-]+(${run(any, 0)})(?![\\p{L}\\p{N}])`, 'gu');
  const bare = new RegExp(`(?<![\\p{L}\\p{N}])(${run(nonZero, 2)})(?![\\p{L}\\p{N}])`, 'gu');
  const afterLabel = new RegExp(`((?<!\\p{L})${anyPhrase(extendedLabels)}\\s*[:=#]?\\s*)(${any})(?![\\p{L}\\p{N}])`, 'gu');
  // "not sure about the extended one" names the code, it says none.
  const namesTheCode = (label: string, said: string, before: string): boolean => said === 'one' && /\b(?:the|that|this|my|your|an)\s+$/.test(before) && !/[:=#]/.test(label);
  return (text) =>
    text
      .replace(prefixed, (_whole, said: string) => `0x${asDigits(said)}`)
      .replace(bare, (said: string) => asDigits(said))
      .replace(afterLabel, (whole: string, label: string, said: string, at: number, all: string) =>
        namesTheCode(label, said, all.slice(0, at)) ? whole : `${label}${asDigits(said)}`,
      );
}

/** The text normalised, codes said aloud written as digits and common typos mended: what the readers of codes read. */
function readable(text: string, table: CodeTable): string {
  const t = normalise(text);
  return fixTypos(table.spoken ? table.spoken(t) : t);
}

function fixTypos(text: string): string {
  return text
    .replace(/\u00d7/g, 'x')
    .replace(/(?<![0-9a-z])[0o]\s?x\s?([0-9a-fo]+)(?![g-np-z])/g, (_m, digits: string) => `0x${digits.replace(/o/g, '0')}`);
}
