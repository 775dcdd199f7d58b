import { Ajv } from 'ajv';
import { parseOpeningHours, type OpeningHours } from '../dialogs/handoff/openingHours.ts';
import { checkTrustedProxies } from './clientAddress.ts';
import { configSchema, type ConfigVariable } from './configSchema.ts';
import { optionalUrl, parseSignIn, parseTickets } from './configSections.ts';

export type AppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';

export type StorageKind = 'lowdb' | 'memory' | 'blob' | 'cosmos';

/** Where state lives; only the fields of the chosen kind matter. Secrets here are never logged. */
export type StorageConfig = {
  kind: StorageKind;
  dataDir: string;
  timeoutMs: number;
  /** User-assigned managed identity for key-less Azure access; '' = system-assigned or developer sign-in. */
  managedIdentityClientId: string;
  blob: { connectionString: string; accountUrl: string; container: string };
  cosmos: { endpoint: string; key: string; database: string; container: string };
};

export type Config = {
  port: number;
  host: string;
  nodeEnv: string;
  isLocalMode: boolean;
  auth: { appId: string; appPassword: string; appType: AppType; tenantId: string };
  allowedServiceUrls: string[];
  /** Reverse proxies whose X-Forwarded-For is believed (see clientAddress.ts). */
  trustedProxies: string[];
  storage: StorageConfig;
  /** undefined = the bundled knowledge/ folder. */
  knowledgeDir?: string;
  /** Store verified outcomes and let them move the cause priors. */
  learning: boolean;
  stateTtlDays: number;
  stateSweepIntervalMinutes: number;
  logLevel: string;
  handoff: {
    target: 'desk' | 'omnichannel';
    eventChannels: string[];
    /** Teams Workflows webhook told about every queued case ('' = none). */
    notifyUrl: string;
    /** Public base URL of the bot, for links to the desk ('' = none). */
    deskUrl: string;
    /** When people staff the desk; undefined = always. */
    hours?: OpeningHours;
    /** Unanswered this long in the queue, the person is told when a person will be back (0 = never). */
    queueTimeoutMinutes: number;
    /** Agent sign-in with Entra ID (OpenID Connect); undefined = agent tokens only. */
    signIn?: { issuer: string; clientId: string; clientSecret: string; requiredRole: string }; agents: Array<{ name: string; token: string }>; transcriptTtlDays: number };
  tickets: TicketsConfig;
  webChat: { directLineSecret: string; directLineEndpoint: string; tokensPerMinute: number; title: string; accent: string; allowedOrigins: string[] };
  maxBodyBytes: number;
  typingDelayMs: number;
  shutdownTimeoutMs: number;
  turnTimeoutMs: number;
  /** Activities per minute one conversation may send (rate limit). */
  messagesPerMinute: number;
};

export type TicketsConfig =
  | { kind: 'off'; retrySeconds: number }
  | { kind: 'servicenow'; retrySeconds: number; instanceUrl: string; username: string; password: string; assignmentGroup: string }
  | { kind: 'webhook'; retrySeconds: number; url: string; secret: string };

/** Thrown by loadConfig with every problem found, one per line. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const ajv = new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true, strict: true, strictTypes: false });
const validateEnv = ajv.compile(configSchema);

type Env = Record<string, string | number | undefined>;

/** Reads and validates the environment; returns the typed config or throws ConfigError listing all problems. */
export function loadConfig(source: Record<string, string | undefined>): Config {
  const env = pickKnownVariables(source);
  const problems: string[] = [];
  if (!validateEnv(env)) {
    for (const error of validateEnv.errors ?? []) {
      const name = error.instancePath.replace(/^\//, '');
      const allowedValues: unknown = error.params.allowedValues;
      const allowed = Array.isArray(allowedValues) ? ` (one of ${allowedValues.join(', ')})` : '';
      problems.push(`${name}: ${error.message ?? 'is invalid'}${allowed}`);
    }
  }
  const text = (name: ConfigVariable): string => String(env[name] ?? '');
  const appId = text('MicrosoftAppId').trim();
  const appType = text('MicrosoftAppType') as AppType;
  const appPassword = text('MicrosoftAppPassword');
  const tenantId = text('MicrosoftAppTenantId').trim();
  const isLocalMode = appId === '';
  if (isLocalMode && text('NODE_ENV') === 'production') {
    problems.push('MicrosoftAppId: is empty while NODE_ENV=production; local mode has no authentication and must not run in production');
  }
  if (!isLocalMode) problems.push(...checkCredentials(appType, appPassword, tenantId));
  const allowedServiceUrls = parseOrigins('ALLOWED_SERVICE_URLS', text('ALLOWED_SERVICE_URLS'), problems);
  const allowedOrigins = parseOrigins('WEBCHAT_ALLOWED_ORIGINS', text('WEBCHAT_ALLOWED_ORIGINS'), problems);
  const agents = parseAgents(text('AGENT_TOKENS'), problems);
  const tickets = parseTickets(text, Number(env.TICKET_RETRY_SECONDS), problems);
  const notifyUrl = optionalUrl(text, 'HANDOFF_NOTIFY_URL', ['https:'], problems);
  const deskUrl = optionalUrl(text, 'DESK_PUBLIC_URL', ['https:', 'http:'], problems);
  const hours = text('DESK_HOURS') ? parseOpeningHours(text('DESK_HOURS'), text('DESK_TIME_ZONE')) : undefined;
  if (Array.isArray(hours)) problems.push(...hours.map((p) => `DESK_HOURS: ${p}`));
  const signIn = parseSignIn(text, problems);
  const storage = parseStorage(text, problems);
  const trustedProxies = text('TRUSTED_PROXIES').split(',').map((s) => s.trim()).filter(Boolean);
  problems.push(...checkTrustedProxies(trustedProxies));
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port: Number(env.PORT),
    host: text('HOST') || (isLocalMode ? '127.0.0.1' : '0.0.0.0'),
    nodeEnv: text('NODE_ENV'),
    isLocalMode,
    auth: { appId, appPassword, appType, tenantId },
    allowedServiceUrls,
    trustedProxies,
    storage,
    ...(text('KNOWLEDGE_DIR') ? { knowledgeDir: text('KNOWLEDGE_DIR') } : {}),
    learning: text('DIAGNOSIS_LEARNING') === 'on',
    stateTtlDays: Number(env.STATE_TTL_DAYS),
    stateSweepIntervalMinutes: Number(env.STATE_SWEEP_INTERVAL_MINUTES),
    logLevel: text('LOG_LEVEL'),
    handoff: {
      target: text('HANDOFF_TARGET') as 'desk' | 'omnichannel',
      eventChannels: text('HANDOFF_EVENT_CHANNELS').split(',').map((c) => c.trim()).filter(Boolean),
      notifyUrl,
      deskUrl,
      ...(hours && !Array.isArray(hours) ? { hours } : {}),
      queueTimeoutMinutes: Number(env.QUEUE_TIMEOUT_MINUTES),
      ...(signIn ? { signIn } : {}),
      agents,
      transcriptTtlDays: Number(env.TRANSCRIPT_TTL_DAYS),
    },
    tickets,
    webChat: {
      directLineSecret: text('DIRECT_LINE_SECRET'),
      directLineEndpoint: text('DIRECT_LINE_ENDPOINT').replace(/\/+$/, ''),
      tokensPerMinute: Number(env.TOKEN_RATE_PER_MINUTE),
      title: text('WEBCHAT_TITLE'),
      accent: text('WEBCHAT_ACCENT'),
      allowedOrigins,
    },
    maxBodyBytes: Number(env.MAX_BODY_BYTES),
    typingDelayMs: Number(env.TYPING_DELAY_MS),
    shutdownTimeoutMs: Number(env.SHUTDOWN_TIMEOUT_MS),
    turnTimeoutMs: Number(env.TURN_TIMEOUT_MS),
    messagesPerMinute: Number(env.MESSAGE_RATE_PER_MINUTE),
  };
}

function pickKnownVariables(source: Record<string, string | undefined>): Env {
  const env: Env = {};
  for (const name of Object.keys(configSchema.properties) as ConfigVariable[]) {
    const value = source[name];
    // An empty value (`PORT=` in .env) means "use the default", as with most twelve-factor tools.
    if (value !== undefined && value.trim() !== '') env[name] = value.trim();
  }
  const appType = env.MicrosoftAppType;
  if (typeof appType === 'string') {
    const canonical = configSchema.properties.MicrosoftAppType.enum.find((t) => t.toLowerCase() === appType.toLowerCase());
    if (canonical) env.MicrosoftAppType = canonical;
  }
  return env;
}

function checkCredentials(appType: AppType, password: string, tenantId: string): string[] {
  const problems: string[] = [];
  if (appType !== 'MultiTenant' && tenantId === '') {
    problems.push(`MicrosoftAppTenantId: is required when MicrosoftAppType=${appType}`);
  }
  if (appType === 'UserAssignedMSI' && password !== '') {
    problems.push('MicrosoftAppPassword: must be empty when MicrosoftAppType=UserAssignedMSI (the managed identity has no secret)');
  }
  if (appType !== 'UserAssignedMSI' && password === '') {
    problems.push(`MicrosoftAppPassword: is required when MicrosoftAppId is set and MicrosoftAppType=${appType}`);
  }
  return problems;
}

function parseOrigins(name: string, list: string, problems: string[]): string[] {
  const origins: string[] = [];
  for (const entry of list.split(',').map((s) => s.trim()).filter(Boolean)) {
    try {
      const url = new URL(entry);
      if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
      origins.push(url.origin);
    } catch {
      problems.push(`${name}: "${entry}" is not an http(s) URL`);
    }
  }
  return origins;
}

function parseStorage(text: (name: ConfigVariable) => string, problems: string[]): StorageConfig {
  const storage: StorageConfig = {
    kind: text('STORAGE') as StorageKind,
    dataDir: text('DATA_DIR'),
    timeoutMs: Number(text('STORAGE_TIMEOUT_MS')),
    managedIdentityClientId: text('AZURE_CLIENT_ID'),
    blob: { connectionString: text('BLOB_CONNECTION_STRING'), accountUrl: text('BLOB_ACCOUNT_URL').replace(/\/+$/, ''), container: text('BLOB_CONTAINER') },
    cosmos: { endpoint: text('COSMOS_ENDPOINT'), key: text('COSMOS_KEY'), database: text('COSMOS_DATABASE'), container: text('COSMOS_CONTAINER') },
  };
  if (storage.kind === 'blob') {
    const { connectionString, accountUrl } = storage.blob;
    if ((connectionString === '') === (accountUrl === '')) problems.push('BLOB_CONNECTION_STRING / BLOB_ACCOUNT_URL: STORAGE=blob needs exactly one of them');
    if (accountUrl !== '' && !isServiceUrl(accountUrl)) problems.push(`BLOB_ACCOUNT_URL: "${accountUrl}" is not an https URL (http only on loopback)`);
  }
  if (storage.kind === 'cosmos' && !isServiceUrl(storage.cosmos.endpoint)) {
    problems.push('COSMOS_ENDPOINT: STORAGE=cosmos needs the account endpoint as an https URL (http only on loopback)');
  }
  return storage;
}

/** https anywhere; plain http only for a local emulator on loopback. */
function isServiceUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname));
  } catch {
    return false;
  }
}

const MIN_TOKEN_LENGTH = 16;

function parseAgents(list: string, problems: string[]): Array<{ name: string; token: string }> {
  const agents: Array<{ name: string; token: string }> = [];
  for (const entry of list.split(',').map((s) => s.trim()).filter(Boolean)) {
    const at = entry.indexOf(':');
    const name = at > 0 ? entry.slice(0, at).trim() : '';
    const token = at > 0 ? entry.slice(at + 1).trim() : '';
    // Never echo the entry: it holds a secret.
    if (!name || token.length < MIN_TOKEN_LENGTH) problems.push(`AGENT_TOKENS: entry ${agents.length + 1} must be name:token with a token of at least ${MIN_TOKEN_LENGTH} characters`);
    else agents.push({ name, token });
  }
  return agents;
}

