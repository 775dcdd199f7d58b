import type { MessageId } from './messageIds.ts';
/** The RDP knowledge after validation: named likelihoods resolved to numbers, defaults filled in. */

export type HexCode = { hex: string; decimal: number; name?: string; meaning: string };

/** `estimate` is set when no source supports the number: the team's estimate and its reason. */
export type CauseLikelihood = { cause: string; likelihood: number; estimate?: string };

export type ErrorEntry = {
  id: string;
  title: string;
  code?: HexCode;
  extendedCodes: HexCode[];
  /** Lower-case dialog texts, matched fuzzily. */
  messages: string[];
  /** The same dialogs as a Windows in another language shows them, lower-case, matched like `messages`. */
  localizedMessages: string[];
  /** Upper-case error names other clients print (FreeRDP's ERRCONNECT_ACCOUNT_LOCKED_OUT), matched whole like a code. */
  clientNames: string[];
  generic: boolean;
  meaning: string;
  causes: CauseLikelihood[];
  sources: string[];
};

export type QuestionKind = 'yes-no' | 'error-code';

export type Question = {
  id: string;
  kind: QuestionKind;
  fact: string;
  /** Short noun phrase for summaries ("Azure VM"). */
  label: string;
  text: string;
  why: string;
  cost: number;
  unsureRate: number;
  /** P(yes) for causes whose evidence does not mention this question. */
  otherwise: number;
  check?: { text: string; where?: Where; shell?: Shell; command?: string };
  phrases: { yes: string[]; no: string[]; neither: string[] };
  /**
   * Questions people answer in this one's place ("yes, it pings" to the port test): a reply that states one of them
   * and not this one leaves this one unsure instead of taking its yes or no.
   */
  answeredInstead?: string[];
};

export type Cause = {
  id: string;
  title: string;
  description: string;
  prior: number;
  fix?: string;
  /** Question id → P(yes | this cause). */
  evidence: Record<string, number>;
  outOfScope: boolean;
  sources: string[];
  /** The team's judgement where no Microsoft Learn page supports the cause or its evidence. */
  estimate?: string;
};

export type Where = 'client-pc' | 'remote-host' | 'azure-portal' | 'cloud-shell' | 'gateway-server' | 'network';
export type Shell = 'powershell' | 'cmd' | 'azure-cli' | 'bash';
export type Risk = 'low' | 'medium' | 'high';

export type FixStep = {
  text: string;
  where: Where;
  admin: boolean;
  risk: Risk;
  command?: { shell: Shell; code: string };
  gui?: string;
  note?: string;
  warning?: string;
  backup?: string;
  undo?: string;
  lastResort: boolean;
};

/** What trying a fix costs: minutes for the regular steps, where most of the work happens, and whether it needs an admin. */
export type FixEffort = { minutes: number; where: Where; admin: boolean };

export type Fix = { id: string; title: string; summary: string; effort: FixEffort; steps: FixStep[]; verify: string; tried?: string[]; notTried?: string[]; handOffIfItFails?: boolean; sources: string[] };

export const INTENTS = ['greet', 'restart', 'help', 'agent', 'why', 'thanks', 'offtopic', 'problem'] as const;
export type Intent = (typeof INTENTS)[number];
export const ANSWERS = ['yes', 'no', 'unsure'] as const;
export type Answer = (typeof ANSWERS)[number];

export type Utterances = { intents: Record<Intent, string[]>; answers: Record<Answer, string[]> };

/** Word lists of one language (vocabulary.yaml); `description` fields are for people and ignored. */
export type Vocabulary = {
  version: 1;
  language: string;
  negation: { negators: string[]; passThrough: { words: string[] }; problemVerbs: { words: string[] }; clauseBreaks: string[]; conditionals?: string[]; questionWords?: string[]; presupposed?: { whyVerbs: string[]; whyAsking?: string[]; methodOpenings?: string[]; relatives: string[]; notRelative: string[]; notRelativeAfter?: string[]; accessVerbs?: string[]; targets?: string[] } };
  doubt: string[];
  reportWords?: string[];
  /** A question about the person's own account or computer opens with `openings` and goes on with `subjects`: a guess, not a report. */
  guesses?: { openings: string[]; subjects: string[] };
  stopWords: string[];
  synonyms: { words: Record<string, string[]> };
  /** `disclaimers`: Remote Desktop said not to be the problem ("this isn't the Windows RDP thing"), not counted. */
  rdpTerms: { phrases: string[]; disclaimers?: string[] };
  remoteTerms: { phrases: string[] };
  /** `products`: other remote-control products (off-topic too); `productNouns`: words that, right after one, belong to it ("the anydesk remote app"). */
  offTopic: { phrases: string[]; products?: string[]; productNouns?: string[]; unsureName?: string[]; theirMessages?: string[] };
  outOfScope: { phrases: string[] };
  mistakenForRemoteDesktop: { phrases: string[]; asides: string[] };
  insideSession: { phrases: string[] };
  alreadyTried: { words: string[]; notDone?: string[] };
  boilerplate: { lines: string[] };
  answers: { fillers: string[]; unsure: string[]; yes: string[]; no: string[]; closing?: { yes: string[]; no: string[] } };
  personRequest: PersonRequestWords;
  noCode: { phrases: string[] };
  /** An error message told as already dealt with ("my password expired so I changed it"): history, not what Remote Desktop shows now. */
  dealtWith?: { phrases: string[] };
  /** Words that elsewhere tell a broken computer but here do not ("rdp to the reception pc dead since friday", "no boot screen"). */
  notBroken?: { phrases: string[] };
  extendedCodeLabels: { phrases: string[] };
  /** Words for each digit said aloud ("0": zero, oh), read as digits where they can only be an error code. */
  spokenDigits?: { digits: Record<string, string[]> };
  /** What voice typing writes for a word ("the V P N", "pass word"), put back before anything reads a message. */
  dictated?: { words: Record<string, string[]> };
  moodNeutral: { words: string[] };
  /** Words people type that are no misspelling, though one slip from a word of the knowledge and in no English word list. */
  notMisspelt?: { words: string[] };
  /** Words of other languages the vocabulary uses: left as written, never offered as the correction of an English word. */
  otherLanguages?: { words: string[] };
  quotedNames?: { phrases: string[] };
};

/** The word lists that recognise a request for a person (see vocabulary.yaml). */
export type PersonRequestWords = {
  determiners: string[];
  people: string[];
  requests: string[];
  politeness: string[];
  aloneEndings: string[];
  openings: string[];
  askers: string[];
  actions: string[];
  callMe: string[];
  /** Someone of the help desk asked after ("is raj from IT around?"): an asker, the person by where they work, whether they are there. */
  present?: { askers: string[]; people: string[]; states: string[] };
  notAPerson: string[];
  /** `endings` right after a person make it the person's thing ("someone's work"), unless one of `stillAsks` follows ("someone's help"). */
  possessive?: { endings: string[]; stillAsks: string[] };
};

export type Knowledge = {
  version: 1;
  release: string;
  errors: ErrorEntry[];
  questions: Question[];
  causes: Cause[];
  fixes: Fix[];
  utterances: Utterances;
  /** Every message id the code uses (compileKnowledge refuses a knowledge that lacks one or has another). */
  messages: Readonly<Record<MessageId, string>>;
  vocabulary: Vocabulary;
  /** Ids renamed before release (old → new), so stored sessions and learning data can migrate. */
  renamed: Record<string, string>;
};
