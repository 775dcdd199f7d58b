import type { Config, TicketsConfig } from './config.ts';
import type { ConfigVariable } from './configSchema.ts';

/** Reads one variable's validated text (config.ts passes its reader; nothing here touches process.env). */
type Text = (name: ConfigVariable) => string;

const MIN_WEBHOOK_SECRET = 32;

/** TICKETS and its settings; every problem is pushed to `problems`. */
export function parseTickets(text: Text, retrySeconds: number, problems: string[]): TicketsConfig {
  const kind = text('TICKETS');
  const httpsUrl = (name: ConfigVariable): string => {
    const value = text(name);
    if (!value) problems.push(`${name}: is required when TICKETS=${kind}`);
    else if (!URL.canParse(value) || new URL(value).protocol !== 'https:') problems.push(`${name}: must be an https URL`);
    return value;
  };
  if (kind === 'servicenow') {
    const instanceUrl = httpsUrl('SERVICENOW_INSTANCE_URL');
    for (const name of ['SERVICENOW_USERNAME', 'SERVICENOW_PASSWORD'] as const) if (!text(name)) problems.push(`${name}: is required when TICKETS=servicenow`);
    return { kind, retrySeconds, instanceUrl, username: text('SERVICENOW_USERNAME'), password: text('SERVICENOW_PASSWORD'), assignmentGroup: text('SERVICENOW_ASSIGNMENT_GROUP') };
  }
  if (kind === 'webhook') {
    const url = httpsUrl('TICKET_WEBHOOK_URL');
    const secret = text('TICKET_WEBHOOK_SECRET');
    if (secret.length < MIN_WEBHOOK_SECRET) problems.push(`TICKET_WEBHOOK_SECRET: must be at least ${MIN_WEBHOOK_SECRET} characters when TICKETS=webhook`);
    return { kind, retrySeconds, url, secret };
  }
  return { kind: 'off', retrySeconds };
}

/** An optional URL with one of `protocols`; '' when unset. */
export function optionalUrl(text: Text, name: ConfigVariable, protocols: string[], problems: string[]): string {
  const value = text(name);
  if (value && (!URL.canParse(value) || !protocols.includes(new URL(value).protocol))) problems.push(`${name}: must be an ${protocols.map((p) => p.replace(':', '')).join(' or ')} URL`);
  return value;
}

/** Agent sign-in (OIDC_*): all three of issuer, client id and secret, or none. */
export function parseSignIn(text: Text, problems: string[]): Config['handoff']['signIn'] {
  const [issuer, clientId, clientSecret] = [text('OIDC_ISSUER'), text('OIDC_CLIENT_ID'), text('OIDC_CLIENT_SECRET')];
  if (!issuer && !clientId && !clientSecret) return undefined;
  if (!issuer || !clientId || !clientSecret) problems.push('OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET: set all three for agent sign-in, or none');
  const url = URL.canParse(issuer) ? new URL(issuer) : undefined;
  const loopback = url ? ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) : false;
  if (issuer && (!url || (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)))) problems.push('OIDC_ISSUER: must be an https URL (plain http only on loopback, for tests)');
  return { issuer, clientId, clientSecret, requiredRole: text('OIDC_AGENT_ROLE') };
}
