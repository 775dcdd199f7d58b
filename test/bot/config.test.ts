import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../bot/config.ts';
import { configSchema } from '../../bot/configSchema.ts';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('runs in local mode on 127.0.0.1:3978 with lowdb in ./.data when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3978,
      host: '127.0.0.1',
      isLocalMode: true,
      storage: { kind: 'lowdb', dataDir: './.data' },
      stateTtlDays: 30,
      logLevel: 'info',
    });
  });

  it('listens on all interfaces with an app id, and keeps an explicit HOST', () => {
    const env = { MicrosoftAppId: 'id', MicrosoftAppPassword: 'pw', MicrosoftAppTenantId: 't' };
    expect(loadConfig(env)).toMatchObject({ host: '0.0.0.0', isLocalMode: false, auth: { appType: 'SingleTenant', tenantId: 't' } });
    expect(loadConfig({ ...env, HOST: '10.0.0.5' }).host).toBe('10.0.0.5');
  });

  it('treats empty values as unset and reads MicrosoftAppType case-insensitively', () => {
    const config = loadConfig({ PORT: '', MicrosoftAppId: 'id', MicrosoftAppType: 'singletenant', MicrosoftAppPassword: 'pw', MicrosoftAppTenantId: 't' });
    expect(config.port).toBe(3978);
    expect(config.auth.appType).toBe('SingleTenant');
  });

  it('reports every problem at once', () => {
    const problems = problemsOf({ PORT: '99999', STORAGE: 'redis', STATE_TTL_DAYS: '0', ALLOWED_SERVICE_URLS: 'ftp://x, not a url' });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT: must be <= 65535/),
        expect.stringMatching(/^STORAGE: .*one of lowdb, memory/),
        expect.stringMatching(/^STATE_TTL_DAYS: must be > 0/),
        'ALLOWED_SERVICE_URLS: "ftp://x" is not an http(s) URL',
        'ALLOWED_SERVICE_URLS: "not a url" is not an http(s) URL',
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it('checks the settings of the chosen store, all at once', () => {
    expect(problemsOf({ STORAGE: 'blob', BLOB_CONTAINER: 'Bad_Name' })).toEqual([
      expect.stringMatching(/^BLOB_CONTAINER: must match pattern/),
      'BLOB_CONNECTION_STRING / BLOB_ACCOUNT_URL: STORAGE=blob needs exactly one of them',
    ]);
    expect(problemsOf({ STORAGE: 'blob', BLOB_CONNECTION_STRING: 'UseDevelopmentStorage=true', BLOB_ACCOUNT_URL: 'https://a.blob.core.windows.net' })).toHaveLength(1);
    expect(problemsOf({ STORAGE: 'blob', BLOB_ACCOUNT_URL: 'http://a.blob.core.windows.net' })).toEqual([expect.stringContaining('is not an https URL')]);
    expect(problemsOf({ STORAGE: 'cosmos', STORAGE_TIMEOUT_MS: '5' })).toEqual([
      expect.stringMatching(/^STORAGE_TIMEOUT_MS: must be >= 100/),
      expect.stringContaining('COSMOS_ENDPOINT: STORAGE=cosmos needs the account endpoint'),
    ]);
    expect(loadConfig({ STORAGE: 'blob', BLOB_ACCOUNT_URL: 'https://acct.blob.core.windows.net/', AZURE_CLIENT_ID: 'c' }).storage).toMatchObject({
      kind: 'blob',
      managedIdentityClientId: 'c',
      blob: { accountUrl: 'https://acct.blob.core.windows.net', connectionString: '', container: 'bot-state' },
    });
    expect(loadConfig({ STORAGE: 'cosmos', COSMOS_ENDPOINT: 'http://127.0.0.1:8081/' }).storage.cosmos).toMatchObject({ database: 'rdp-assistant', container: 'bot-state', key: '' });
  });

  it('refuses local mode in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([expect.stringContaining('MicrosoftAppId: is empty while NODE_ENV=production')]);
  });

  it('checks the credentials each app type needs', () => {
    // SingleTenant is the default: new Azure Bot registrations can no longer be multi-tenant.
    expect(problemsOf({ MicrosoftAppId: 'id' })).toEqual([
      expect.stringContaining('MicrosoftAppTenantId: is required when MicrosoftAppType=SingleTenant'),
      expect.stringContaining('MicrosoftAppPassword: is required'),
    ]);
    expect(problemsOf({ MicrosoftAppId: 'id', MicrosoftAppType: 'MultiTenant', MicrosoftAppPassword: 'pw' })).toEqual([]);
    expect(problemsOf({ MicrosoftAppId: 'id', MicrosoftAppType: 'SingleTenant', MicrosoftAppPassword: 'pw' })).toEqual([
      expect.stringContaining('MicrosoftAppTenantId: is required when MicrosoftAppType=SingleTenant'),
    ]);
    expect(problemsOf({ MicrosoftAppId: 'id', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 't', MicrosoftAppPassword: 'pw' })).toEqual([
      expect.stringContaining('must be empty when MicrosoftAppType=UserAssignedMSI'),
    ]);
    expect(problemsOf({ MicrosoftAppId: 'id', MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: 't' })).toEqual([]);
  });

  it('normalises ALLOWED_SERVICE_URLS to origins', () => {
    expect(loadConfig({ ALLOWED_SERVICE_URLS: 'https://relay.example.com/path/, http://10.1.2.3:8080' }).allowedServiceUrls).toEqual([
      'https://relay.example.com',
      'http://10.1.2.3:8080',
    ]);
  });
});

describe('configuration documentation', () => {
  const variables = Object.keys(configSchema.properties);

  it('lists every variable in the README configuration table and in .env.example', () => {
    const readme = readFileSync('README.md', 'utf8');
    const example = readFileSync('.env.example', 'utf8');
    for (const name of variables) {
      expect(readme, name).toContain(`| \`${name}\``);
      expect(example, name).toMatch(new RegExp(`^#?\\s*${name}=`, 'm'));
    }
  });
});
