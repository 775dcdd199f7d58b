import type { FactValue } from '../language/factExtractor.ts';

export type FactSource = 'stated' | 'answered';

/** What is known in a conversation, as ids and values only (never the person's words). */
export type Evidence = {
  /** Error entries reported (codes or messages), in the order they came. */
  errors: string[];
  facts: Record<string, { value: FactValue; source: FactSource }>;
  /** Causes whose fix was tried and did not work. */
  ruledOut: string[];
};

export const EMPTY_EVIDENCE: Evidence = { errors: [], facts: {}, ruledOut: [] };
