import { TeamsInfo, type Activity, type TurnContext } from 'botbuilder';
import type { Channel } from './channels.ts';
import { teamsRenderer } from './render/teamsRenderer.ts';

/**
 * The activity's text without any @mention of the bot. Teams puts "<at>Bot</at>" in the text (once per
 * mention) plus a mention entity; TurnContext.removeRecipientMention removes only the first one. The spaces a
 * mention leaves are tidied; line breaks stay, as on every other channel (a pasted port scan or event is read by
 * its lines, and a blank line ends a thought).
 */
export function removeBotMentions(activity: Activity): string {
  let text = activity.text ?? '';
  for (const entity of activity.entities ?? []) {
    const mentioned = (entity as { mentioned?: { id?: string } }).mentioned;
    const mentionText = (entity as { text?: unknown }).text;
    if (entity.type !== 'mention' || mentioned?.id !== activity.recipient?.id || typeof mentionText !== 'string' || mentionText === '') continue;
    text = text.split(mentionText).join(' ');
  }
  return text.replace(/[^\S\n]+/g, ' ').replace(/ ?\n ?/g, '\n').trim();
}

/** The person behind the activity from the Teams roster (name, email or UPN, Entra id); undefined if Teams refuses. */
async function lookUpTeamsMember(context: TurnContext): Promise<{ name?: string; email?: string; aadObjectId?: string } | undefined> {
  try {
    const member = await TeamsInfo.getMember(context, context.activity.from.id);
    return { name: member.name, email: member.email ?? member.userPrincipalName, aadObjectId: member.aadObjectId };
  } catch {
    // 403 (no access to the roster) or 404 (left the chat): the activity's own from field still names the person.
    return undefined;
  }
}

/** Microsoft Teams: Adaptive Cards, greeting on install, @mentions removed, team channels and group chats shared. */
export const teamsChannel: Channel = {
  render: teamsRenderer,
  greetsWhenBotAdded: true,
  readText: removeBotMentions,
  lookUpMember: lookUpTeamsMember,
  // Team channels and group chats get no per-member welcome (it would greet everyone who joins a team).
  isShared: (activity) => activity.conversation?.conversationType !== undefined && activity.conversation.conversationType !== 'personal',
};
