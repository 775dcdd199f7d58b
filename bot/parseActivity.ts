import type { Activity } from 'botbuilder';

export type ParsedActivity = { ok: true; activity: Activity } | { ok: false; problem: string };

/**
 * Checks the fields the adapter and state keys rely on, so a malformed body gets a 400 instead of a
 * 500 from deep inside the SDK; converts ISO timestamps to Dates as botbuilder's validator does.
 */
export function parseActivity(body: unknown): ParsedActivity {
  if (!isObject(body)) return { ok: false, problem: 'the body must be a JSON activity object' };
  if (typeof body.type !== 'string' || body.type === '') return { ok: false, problem: 'activity.type is required' };
  if (!isObject(body.conversation) || typeof body.conversation.id !== 'string' || body.conversation.id === '') {
    return { ok: false, problem: 'activity.conversation.id is required' };
  }
  if (typeof body.channelId !== 'string' || body.channelId === '') return { ok: false, problem: 'activity.channelId is required' };
  if (typeof body.serviceUrl !== 'string' || body.serviceUrl === '') return { ok: false, problem: 'activity.serviceUrl is required' };
  if (!isObject(body.from) || typeof body.from.id !== 'string' || body.from.id === '') {
    return { ok: false, problem: 'activity.from.id is required' };
  }
  const activity = { ...body } as Record<string, unknown>;
  for (const field of ['timestamp', 'localTimestamp', 'expiration'] as const) {
    const value = activity[field];
    if (typeof value === 'string') {
      const raw = `raw${field[0]?.toUpperCase()}${field.slice(1)}`;
      activity[raw] = value;
      activity[field] = new Date(value);
    }
  }
  return { ok: true, activity: activity as unknown as Activity };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
