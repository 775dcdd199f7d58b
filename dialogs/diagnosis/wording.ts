import type { Knowledge } from './knowledgeTypes.ts';
import type { MessageId } from './messageIds.ts';

/** A sentence or label of knowledge/messages.yaml by id, its {placeholders} filled in. */
export type Wording = (id: MessageId, params?: Record<string, string>) => string;

/** Words from the knowledge's messages; an id the knowledge lacks shows as itself (kb:check reports it). */
export function wordingOf(knowledge: Pick<Knowledge, 'messages'>): Wording {
  return (id, params = {}) => {
    const template = knowledge.messages[id] ?? id;
    // Most sentences have no placeholder: they are returned as they are.
    return template.includes('{') ? template.replace(/\{(\w+)\}/g, (match, name: string) => params[name] ?? match) : template;
  };
}
