/** Every shared-wording id the conversation uses; messages.yaml must define them all (kb:check reports gaps). */
export const MESSAGE_IDS = [
  'greeting',
  'team-intro',
  'greet-back',
  'help',
  'fallback',
  'fallback-offer-agent',
  'agent-offer-frustrated',
  'restart',
  'thanks-continue',
  'bye',
  'did-it-work',
  'resolved',
  'next-cause',
  'why-nothing-yet',
  'offtopic-handoff',
  'handoff',
  'handoff-exhausted',
  'handoff-out-of-scope',
  'handed-off-waiting',
  'handoff-queued',
  'handoff-failed',
  'agent-joined',
  'agent-left',
  'agent-not-solved',
] as const;

export type MessageId = (typeof MESSAGE_IDS)[number];
