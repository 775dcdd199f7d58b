import type { Activity } from 'botbuilder';

export type ParsedActivity = { ok: true; activity: Activity } | { ok: false; problem: string };

type Check = (value: unknown) => boolean;

const isString: Check = (value) => typeof value === 'string';
const isNonEmptyString: Check = (value) => typeof value === 'string' && value !== '';
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isDate: Check = (value) => typeof value === 'string' && !Number.isNaN(Date.parse(value));
const isAccount: Check = (value) => isObject(value) && isNonEmptyString(value.id) && (value.name === undefined || isString(value.name)) && (value.role === undefined || isString(value.role));
const isArrayOf = (item: Check): Check => (value) => Array.isArray(value) && value.every(item);

/** Required fields the adapter, state keys and replies rely on. */
const REQUIRED: ReadonlyArray<[string, Check, string]> = [
  ['type', isNonEmptyString, 'activity.type is required'],
  ['conversation', (c) => isObject(c) && isNonEmptyString(c.id) && (c.conversationType === undefined || isString(c.conversationType)), 'activity.conversation.id is required'],
  ['channelId', isNonEmptyString, 'activity.channelId is required'],
  ['serviceUrl', isNonEmptyString, 'activity.serviceUrl is required'],
  ['from', isAccount, 'activity.from.id is required'],
  ['recipient', isAccount, 'activity.recipient.id is required'],
];

/** Optional fields the bot or the SDK reads: when present they must have the right shape. */
const OPTIONAL: ReadonlyArray<[string, Check, string]> = [
  ['id', isString, 'activity.id must be a string'],
  ['text', isString, 'activity.text must be a string'],
  ['locale', isString, 'activity.locale must be a string'],
  ['name', isString, 'activity.name must be a string'],
  ['replyToId', isString, 'activity.replyToId must be a string'],
  ['deliveryMode', isString, 'activity.deliveryMode must be a string'],
  ['entities', isArrayOf(isObject), 'activity.entities must be an array of objects'],
  ['attachments', isArrayOf(isObject), 'activity.attachments must be an array of objects'],
  ['membersAdded', isArrayOf(isAccount), 'activity.membersAdded must be an array of accounts with an id'],
  ['membersRemoved', isArrayOf(isAccount), 'activity.membersRemoved must be an array of accounts with an id'],
  ['channelData', isObject, 'activity.channelData must be an object'],
  ['timestamp', isDate, 'activity.timestamp must be an ISO date'],
  ['localTimestamp', isDate, 'activity.localTimestamp must be an ISO date'],
  ['expiration', isDate, 'activity.expiration must be an ISO date'],
];

/**
 * Checks the fields the adapter, state keys and the bot rely on, so a malformed body gets a 400 instead of
 * a failed turn (which would clear the conversation); converts ISO timestamps to Dates as botbuilder's
 * validator does. Unknown fields pass through untouched.
 */
export function parseActivity(body: unknown): ParsedActivity {
  if (!isObject(body)) return { ok: false, problem: 'the body must be a JSON activity object' };
  for (const [field, check, problem] of REQUIRED) if (!check(body[field])) return { ok: false, problem };
  for (const [field, check, problem] of OPTIONAL) if (body[field] !== undefined && body[field] !== null && !check(body[field])) return { ok: false, problem };
  const activity: Record<string, unknown> = { ...body };
  for (const field of ['timestamp', 'localTimestamp', 'expiration'] as const) {
    const value = activity[field];
    if (typeof value === 'string') {
      activity[`raw${field[0]?.toUpperCase()}${field.slice(1)}`] = value;
      activity[field] = new Date(value);
    }
  }
  return { ok: true, activity: activity as unknown as Activity };
}
