import { setTimeout as sleep } from 'node:timers/promises';

/** One finished request: when it ended (ms since the soak started), how long it took, and whether it failed. */
export type Sample = { at: number; ms: number; ok: boolean; kind: string; what: string };

export type TrafficOptions = {
  url: string;
  /** Loopback sink that accepts the bot's replies for normal delivery. */
  serviceUrl: string;
  conversations: number;
  usersPerConversation: number;
  /** Pause between one user's messages. */
  pauseMs: number;
  /** Pause between the Direct Line typist's messages. */
  typistPauseMs: number;
  until: number;
  started: number;
  record: (sample: Sample) => void;
};

const SAYS = ['remote desktop fails with error 0x904 extended 0x7', 'yes', 'no', 'not sure', 'it still fails', 'that worked', 'why?', 'restart', 'we are on vpn', 'the certificate expired'];
const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;

/** Runs one request, records it, and returns its parsed JSON body (undefined when it failed). */
async function timed(options: TrafficOptions, what: string, request: () => Promise<Response>): Promise<Record<string, unknown> | undefined> {
  const begin = performance.now();
  try {
    const response = await request();
    const text = await response.text();
    options.record({ at: performance.now() - options.started, ms: performance.now() - begin, ok: response.ok, kind: what, what: `${what} ${response.status} ${response.ok ? '' : text.slice(0, 200)}` });
    return response.ok ? ((text ? JSON.parse(text) : {}) as Record<string, unknown>) : undefined;
  } catch (error) {
    options.record({ at: performance.now() - options.started, ms: performance.now() - begin, ok: false, kind: what, what: `${what} ${String(error)}` });
    return undefined;
  }
}

/** Several users of one conversation (a Teams group chat) talking at once, half expectReplies, half callbacks. */
async function user(options: TrafficOptions, conversation: number, userIndex: number): Promise<void> {
  for (let n = 0; performance.now() < options.until; n += 1) {
    const activity = {
      type: 'message',
      id: `soak-${conversation}-${userIndex}-${n}`,
      text: pick(SAYS),
      channelId: 'emulator',
      serviceUrl: options.serviceUrl,
      from: { id: `user-${userIndex}`, name: `User ${userIndex}` },
      recipient: { id: 'bot' },
      conversation: { id: `soak-${conversation}` },
      ...(n % 2 === 0 ? { deliveryMode: 'expectReplies' } : {}),
    };
    await timed(options, 'message', () => fetch(`${options.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) }));
    await sleep(options.pauseMs * (0.5 + Math.random()));
  }
}

/** A person in the web chat page typing fast while Web Chat polls for replies. */
async function typist(options: TrafficOptions): Promise<void> {
  const issued = (await timed(options, 'token', () => fetch(`${options.url}/api/directline/token`, { method: 'POST' }))) as { token?: string; conversationId?: string } | undefined;
  const { token, conversationId } = issued ?? {};
  if (!token || !conversationId) return;
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const base = `${options.url}/v3/directline/conversations`;
  await timed(options, 'dl start', () => fetch(base, { method: 'POST', headers }));
  let watermark = '';
  const poll = async (): Promise<void> => {
    while (performance.now() < options.until) {
      const body = (await timed(options, 'dl poll', () => fetch(`${base}/${conversationId}/activities?watermark=${watermark}`, { headers }))) as { watermark?: string } | undefined;
      watermark = body?.watermark ?? watermark;
      await sleep(300);
    }
  };
  const type = async (): Promise<void> => {
    for (let n = 0; performance.now() < options.until; n += 1) {
      const body = JSON.stringify({ type: 'message', text: pick(SAYS), channelData: { clientActivityID: `typist-${n}` } });
      await timed(options, 'dl post', () => fetch(`${base}/${conversationId}/activities`, { method: 'POST', headers, body }));
      await sleep(options.typistPauseMs);
    }
  };
  await Promise.all([poll(), type()]);
}

/** Runs every user, the typist and a health probe until `until`. */
export async function runTraffic(options: TrafficOptions): Promise<void> {
  const users = Array.from({ length: options.conversations }, (_, c) => Array.from({ length: options.usersPerConversation }, (_, u) => user(options, c, u))).flat();
  const health = async (): Promise<void> => {
    while (performance.now() < options.until) {
      await timed(options, 'healthz', () => fetch(`${options.url}/healthz`));
      await sleep(1000);
    }
  };
  await Promise.all([...users, typist(options), health()]);
}
