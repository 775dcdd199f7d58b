import type { Activity, TurnContext } from 'botbuilder';
import type { ChannelRenderer } from './render/channelRenderer.ts';
import { markdownRenderer, plainRenderer } from './render/markdownRenderer.ts';
import { teamsChannel } from './teams.ts';

/** What differs between channels, in one place: how replies look and how a channel's activities read. */
export type Channel = {
  render: ChannelRenderer;
  /** True where the bot is added by the person (Teams install), so its own arrival is the moment to greet. */
  greetsWhenBotAdded: boolean;
  /** The message text as the engine should read it (e.g. without @mentions of the bot). */
  readText: (activity: Activity) => string;
  /** True for conversations many people share (no greeting per member who joins). */
  isShared: (activity: Activity) => boolean;
  /** Where the channel has a directory (the Teams roster): who the person is; undefined when it cannot say. */
  lookUpMember?: (context: TurnContext) => Promise<{ name?: string; email?: string; aadObjectId?: string } | undefined>;
};

const webChannel: Channel = {
  render: markdownRenderer,
  greetsWhenBotAdded: false,
  readText: (activity) => activity.text ?? '',
  isShared: () => false,
};

const CHANNELS: Readonly<Record<string, Channel>> = {
  msteams: teamsChannel,
  webchat: webChannel,
  directline: webChannel,
  emulator: webChannel,
};

const fallbackChannel: Channel = { ...webChannel, render: plainRenderer };

/** The channel's behaviour by channel id; unknown channels get a plain fallback that works nearly anywhere. */
export function channelFor(channelId: string | undefined): Channel {
  return CHANNELS[channelId ?? ''] ?? fallbackChannel;
}
