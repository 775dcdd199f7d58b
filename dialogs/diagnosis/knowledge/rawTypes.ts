/** Shapes of the knowledge files as written (after JSON Schema validation, before resolution). */
import type { FixEffort, FixStep, HexCode, Question, Utterances, Vocabulary } from '../knowledgeTypes.ts';

export type RawLikelihood = number | 'certain' | 'likely' | 'possible' | 'unlikely' | 'rare';

export type RawIndex = { version: 1; release: string; likelihoodLevels: Record<Exclude<RawLikelihood, number>, number>; priors?: string; renamed?: Record<string, string> };

export type RawError = {
  id: string;
  title: string;
  code?: HexCode;
  extendedCodes?: HexCode[];
  messages?: string[];
  localizedMessages?: Array<{ lang: string; text: string; source: string }>;
  clientNames?: string[];
  generic?: true;
  meaning: string;
  causes: Array<{ cause: string; likelihood: RawLikelihood; estimate?: string }>;
  sources: string[];
};

export type RawQuestion = Omit<Question, 'kind' | 'unsureRate' | 'otherwise' | 'phrases'> & {
  kind?: Question['kind'];
  unsureRate?: number;
  otherwise?: RawLikelihood;
  phrases?: { yes: string[]; no?: string[]; neither?: string[] };
};

export type RawCause = {
  id: string;
  title: string;
  description: string;
  prior: number;
  fix?: string;
  evidence: Record<string, RawLikelihood>;
  outOfScope?: boolean;
  sources: string[];
  estimate?: string;
};

export type RawFix = { id: string; title: string; summary: string; effort: FixEffort; steps: Array<Omit<FixStep, 'lastResort'> & { lastResort?: boolean }>; verify: string; tried?: string[]; notTried?: string[]; handOffIfItFails?: boolean; sources: string[] };

export type RawFiles = {
  index?: RawIndex;
  errors: RawError[];
  questions: RawQuestion[];
  causes: RawCause[];
  fixes: RawFix[];
  utterances?: Utterances;
  messages?: Record<string, string>;
  vocabulary?: Vocabulary;
};
