import type { TurnContext } from 'botbuilder';
import { channelFor } from '../channels.ts';

/**
 * Who is asking for help, as the desk and the ticket show it: a name, an email (or Entra UPN) and the Entra
 * object id; nothing more is stored. `source` says how far to trust it: `teams` (the Teams API),
 * `channel` (what the channel put on the activity), `portal` (stated by the web page, not verified).
 */
export type Requester = { name?: string; email?: string; aadObjectId?: string; source: 'teams' | 'channel' | 'portal' };

const LOOKUP_TIMEOUT_MS = 3000;
const MAX_FIELD = 200;

/** Looks up the person behind the activity; never throws (a failed Teams lookup falls back to the activity). */
export async function whoIsAsking(context: TurnContext): Promise<Requester | undefined> {
  const { activity } = context;
  const fromActivity = compact({ name: activity.from?.name, aadObjectId: activity.from?.aadObjectId, source: 'channel' });
  const { lookUpMember } = channelFor(activity.channelId);
  if (lookUpMember) {
    // With expectReplies there is no channel to ask; elsewhere a slow lookup must not hold the hand-off.
    if (activity.deliveryMode === 'expectReplies') return fromActivity;
    return compact({ ...(await withTimeout(lookUpMember(context))), source: 'teams' }) ?? fromActivity;
  }
  return portalUser(activity.channelData) ?? fromActivity;
}

async function withTimeout<T>(lookup: Promise<T | undefined>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), LOOKUP_TIMEOUT_MS);
  });
  try {
    return await Promise.race([lookup, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The optional signed-in user a portal page passes in channelData.portalUser ({ name, email }). */
function portalUser(channelData: unknown): Requester | undefined {
  const user = (channelData as { portalUser?: unknown } | undefined)?.portalUser;
  if (typeof user !== 'object' || user === null) return undefined;
  const { name, email } = user as Record<string, unknown>;
  return compact({ name, email, source: 'portal' });
}

function compact(fields: Record<string, unknown> & { source: Requester['source'] }): Requester | undefined {
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim().slice(0, MAX_FIELD) : undefined);
  const name = text(fields.name);
  const email = text(fields.email);
  const aadObjectId = text(fields.aadObjectId);
  if (!name && !email && !aadObjectId) return undefined;
  return { ...(name ? { name } : {}), ...(email ? { email } : {}), ...(aadObjectId ? { aadObjectId } : {}), source: fields.source };
}
