import { createHash, randomBytes } from 'node:crypto';
import type { Storage } from 'botbuilder';
import type { Agent } from './agentAuth.ts';

const SESSION_MS = 8 * 3_600_000;
const LOGIN_MS = 10 * 60_000;

type StoredSession = { agent: Agent; expiresAt: number };
type StoredLogin = { codeVerifier: string; nonce: string; expiresAt: number };

// Only digests of session ids and states are keys: a copy of the store hands nobody a live session.
const key = (kind: string, secret: string): string => `desk/${kind}/${createHash('sha256').update(secret).digest('hex')}`;

/** Signed-in agents' sessions and pending sign-ins, in the bot's Storage (shared by instances, kept across restarts). */
export class DeskSessions {
  readonly #storage: Storage;
  readonly #now: () => number;

  constructor(storage: Storage, now: () => number = Date.now) {
    this.#storage = storage;
    this.#now = now;
  }

  /** Starts a session for a signed-in agent; returns its id (the cookie value, 32 random bytes). */
  async open(agent: Agent): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    await this.#storage.write({ [key('sessions', id)]: { agent, expiresAt: this.#now() + SESSION_MS } satisfies StoredSession });
    return id;
  }

  async agent(id: string): Promise<Agent | undefined> {
    const session = (await this.#storage.read([key('sessions', id)]))[key('sessions', id)] as StoredSession | undefined;
    return session && session.expiresAt > this.#now() ? session.agent : undefined;
  }

  async close(id: string): Promise<void> {
    await this.#storage.delete([key('sessions', id)]);
  }

  /** Remembers a sign-in's PKCE verifier and nonce under its state until the callback (10 minutes). */
  async rememberLogin(state: string, login: Omit<StoredLogin, 'expiresAt'>): Promise<void> {
    await this.#storage.write({ [key('logins', state)]: { ...login, expiresAt: this.#now() + LOGIN_MS } satisfies StoredLogin });
  }

  /** The sign-in started with `state`, once: it is deleted as it is read. */
  async takeLogin(state: string): Promise<Omit<StoredLogin, 'expiresAt'> | undefined> {
    const k = key('logins', state);
    const login = (await this.#storage.read([k]))[k] as StoredLogin | undefined;
    await this.#storage.delete([k]);
    return login && login.expiresAt > this.#now() ? { codeVerifier: login.codeVerifier, nonce: login.nonce } : undefined;
  }
}
