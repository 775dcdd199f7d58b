import { createDiagnoser, type Diagnoser } from '../dialogs/diagnosis/diagnoser.ts';
import type { Knowledge } from '../dialogs/diagnosis/knowledgeTypes.ts';
import { buildLanguageModel } from '../dialogs/diagnosis/language/languageModel.ts';
import { englishWords } from './englishWords.ts';

/** The assistant's diagnoser: the engine with its default options, reading messages with English words at hand to put misspellings right. */
export function createAssistantDiagnoser(knowledge: Knowledge): Diagnoser {
  return createDiagnoser(knowledge, undefined, undefined, buildLanguageModel(knowledge, englishWords));
}
