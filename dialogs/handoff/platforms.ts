import type { Activity } from 'botbuilder';
import type { DiagnosisSummary } from '../diagnosis/summary.ts';
import type { Wording } from '../diagnosis/wording.ts';
import { describeReason, factText, likelyText, outcomeText } from './deskWording.ts';

/**
 * Where a hand-off goes. `desk`: the built-in agent desk (queue in the bot's Storage). `omnichannel`:
 * Dynamics 365 Omnichannel, which takes an escalation *message* whose channelData.tags carries context
 * variables (it does not consume events on the Teams channel); handoff.status events report back.
 */
export type HandoffTarget = 'desk' | 'omnichannel';

/** Context variables for contact-centre routing: flat strings, the shape Omnichannel's bot context expects. */
export function contextVariables(summary: DiagnosisSummary): Record<string, string> {
  const codes = [...summary.errorCodes.main, ...summary.errorCodes.extended.map((c) => `ext ${c}`)].join(' / ');
  return {
    rdp_reason: summary.reason,
    rdp_error_codes: codes || 'none',
    rdp_facts: summary.facts.map((f) => `${f.label}: ${f.value}`).join('; '),
    rdp_ruled_out: summary.ruledOut.map((c) => c.causeId).join(', '),
    rdp_fixes_tried: summary.fixesTried.map((f) => `${f.fixId} (${f.outcome}${f.before ? ', before the chat' : ''})`).join(', '),
    rdp_top_cause: summary.topCauses[0] ? `${summary.topCauses[0].causeId} (${Math.round(summary.topCauses[0].p * 100)}%)` : 'unknown',
  };
}

/**
 * The one-paragraph MessageToAgent that generic hub adapters show an agent, from the messages.yaml wording
 * `handoff-agent-brief` ({reason}, {channel}, {codes}, {facts}, {ruledOut}, {fixesTried}, {likely}).
 */
export function messageToAgent(say: Wording, summary: DiagnosisSummary, channelId: string): string {
  const context = contextVariables(summary);
  const likely = likelyText(say, summary);
  const none = '–';
  return say('handoff-agent-brief', {
    reason: describeReason(say, summary.reason),
    channel: channelId,
    codes: context.rdp_error_codes ?? none,
    facts: summary.facts.map((f) => factText(say, f)).join('; ') || none,
    ruledOut: summary.ruledOut.map((c) => c.title).join(', ') || none,
    fixesTried: summary.fixesTried.map((f) => `${f.title} (${outcomeText(say, f)})`).join(', ') || none,
    likely: likely || none,
  });
}

/**
 * The activities a target needs besides the standard handoff.initiate event (the one place that knows
 * platforms): Omnichannel's escalation is a message whose channelData.tags names the context variables.
 */
export function platformActivities(target: HandoffTarget, summary: DiagnosisSummary, escalationText: string): Array<Partial<Activity>> {
  if (target !== 'omnichannel') return [];
  const tags = JSON.stringify({ type: 'Escalate', context: contextVariables(summary) });
  return [{ type: 'message', text: escalationText, channelData: { tags } }];
}
