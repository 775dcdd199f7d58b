/** Every environment variable the service reads: type, default and meaning (README's table mirrors it). */
export const configSchema = {
  type: 'object',
  additionalProperties: true,
  properties: {
    PORT: { type: 'integer', minimum: 0, maximum: 65535, default: 3978, description: 'HTTP port.' },
    HOST: {
      type: 'string',
      minLength: 1,
      description: 'Interface to listen on. Default: 127.0.0.1 in local mode, 0.0.0.0 with an app id.',
    },
    NODE_ENV: {
      type: 'string',
      default: 'development',
      description: 'production refuses to start in local mode (no MicrosoftAppId).',
    },
    MicrosoftAppId: {
      type: 'string',
      default: '',
      description: "The bot's Entra app id. Empty = local mode: no authentication, replies to loopback only.",
    },
    MicrosoftAppPassword: {
      type: 'string',
      default: '',
      description: 'Client secret (MultiTenant / SingleTenant). Never logged.',
    },
    MicrosoftAppType: {
      type: 'string',
      enum: ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'],
      default: 'MultiTenant',
      description: 'MultiTenant, SingleTenant or UserAssignedMSI (case-insensitive).',
    },
    MicrosoftAppTenantId: {
      type: 'string',
      default: '',
      description: 'Entra tenant id; required for SingleTenant and UserAssignedMSI.',
    },
    ALLOWED_SERVICE_URLS: {
      type: 'string',
      default: '',
      description: 'Local mode only: comma-separated extra serviceUrl origins the bot may reply to (besides loopback).',
    },
    DIRECT_LINE_SECRET: {
      type: 'string',
      default: '',
      description: "Azure Bot Service Direct Line secret; the web chat page gets tokens for it. Empty = local mode's built-in Direct Line. Never logged or sent to browsers.",
    },
    DIRECT_LINE_ENDPOINT: {
      type: 'string',
      default: 'https://directline.botframework.com/v3/directline',
      description: 'Direct Line base URL (regional: https://europe.directline.botframework.com/v3/directline).',
    },
    TOKEN_RATE_PER_MINUTE: {
      type: 'integer',
      minimum: 1,
      default: 20,
      description: 'Web chat tokens a client IP may get per minute (burst of 5); more get 429.',
    },
    WEBCHAT_ALLOWED_ORIGINS: {
      type: 'string',
      default: '',
      description: "Comma-separated origins (e.g. https://support.contoso.com) whose pages may embed the web chat: CORS on the token endpoints, the scripts and the local Direct Line; other origins' pages get 403 from the token endpoints.",
    },
    WEBCHAT_TITLE: { type: 'string', minLength: 1, default: 'Contoso IT Support', description: 'Portal name shown on the web chat page.' },
    WEBCHAT_ACCENT: {
      type: 'string',
      pattern: '^#[0-9a-fA-F]{6}$',
      default: '#0F6CBD',
      description: 'Accent colour of the web chat page (#rrggbb).',
    },
    STORAGE: {
      type: 'string',
      enum: ['lowdb', 'memory'],
      default: 'lowdb',
      description: 'lowdb = files under DATA_DIR (one process per dir); memory = lost on exit (tests, throwaway runs).',
    },
    DATA_DIR: { type: 'string', minLength: 1, default: './.data', description: 'Where the lowdb store keeps its files.' },
    KNOWLEDGE_DIR: {
      type: 'string',
      minLength: 1,
      description: 'Knowledge folder to load (validated at start-up; the service refuses to start on any problem). Default: the bundled knowledge/.',
    },
    DIAGNOSIS_LEARNING: {
      type: 'string',
      enum: ['on', 'off'],
      default: 'on',
      description: 'on: verified outcomes (ids only) are stored and nudge the cause priors; off: neither.',
    },
    HANDOFF_TARGET: {
      type: 'string',
      enum: ['desk', 'omnichannel'],
      default: 'desk',
      description: 'desk: queue on the built-in agent desk (/agent); omnichannel: also send the Dynamics 365 Omnichannel escalation (falls back to the desk when it reports failed).',
    },
    AGENT_TOKENS: {
      type: 'string',
      default: '',
      description: 'Agent desk credentials, comma-separated name:token pairs (token at least 16 characters). Empty = desk locked (every /agent route answers 401).',
    },
    TRANSCRIPT_TTL_DAYS: {
      type: 'number',
      exclusiveMinimum: 0,
      default: 30,
      description: 'Transcripts (in conversation state and in hand-off cases) are kept this many days.',
    },
    STATE_TTL_DAYS: {
      type: 'number',
      exclusiveMinimum: 0,
      default: 30,
      description: 'Conversation state untouched for this many days is deleted by the sweep.',
    },
    STATE_SWEEP_INTERVAL_MINUTES: {
      type: 'number',
      exclusiveMinimum: 0,
      default: 60,
      description: 'How often the expired-state sweep runs (also once at start-up).',
    },
    LOG_LEVEL: {
      type: 'string',
      enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      default: 'info',
      description: 'pino log level; user text is logged only at debug and below.',
    },
    MAX_BODY_BYTES: {
      type: 'integer',
      minimum: 1024,
      default: 262144,
      description: 'Largest accepted request body; bigger ones get 413.',
    },
    TYPING_DELAY_MS: {
      type: 'integer',
      minimum: 0,
      default: 500,
      description: 'A typing indicator is shown when handling a message takes longer than this.',
    },
    SHUTDOWN_TIMEOUT_MS: {
      type: 'integer',
      minimum: 0,
      default: 10000,
      description: 'On SIGTERM/SIGINT, how long to wait for turns in flight before exiting anyway.',
    },
  },
} as const;

export type ConfigVariable = keyof typeof configSchema.properties;
