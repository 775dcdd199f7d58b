const LABELLED_SECRET = /\b(password|passwd|pwd|passcode|pin|secret|token|api[ -]?key|access[ -]?key|secret[ -]?key|private[ -]?key|product[ -]?key|licen[cs]e[ -]?key)(\s*(?:is|was|=|:)\s*)("[^"]*"|'[^']*'|\S+)/gi;
const JWT = /\beyJ[\w-]+\.[\w-]+\.[\w-]+\b/g;
const LONG_TOKEN = /\b(?=[A-Za-z0-9+/_-]*\d)(?=[A-Za-z0-9+/_-]*[A-Za-z])[A-Za-z0-9+/_-]{24,}={0,2}/g;
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`)\]]+/gi;
const URL_PASSWORD = /^(https?:\/\/[^/:@\s]+:)[^/@\s]+@/i;
const SECRET_PARAM = /([?&](?:sig|signature|token|access_token|id_token|code|key|apikey|api_key|password|pwd|secret|client_secret)=)[^&#\s]+/gi;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Replaces obvious secrets (a typed password, tokens, long keys) with [redacted] before text is stored.
 * Links stay usable (only a password in them and secret query values go) and so do commands: GUIDs,
 * registry keys and hyphenated names are not tokens.
 */
export function redactSecrets(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    out += redactPlain(text.slice(last, match.index)) + redactUrl(match[0]);
    last = match.index + match[0].length;
  }
  return out + redactPlain(text.slice(last));
}

function redactUrl(url: string): string {
  return url.replace(URL_PASSWORD, '$1[redacted]@').replace(SECRET_PARAM, '$1[redacted]');
}

function redactPlain(text: string): string {
  return text
    .replace(LABELLED_SECRET, (_m, label: string, sep: string) => `${label}${sep}[redacted]`)
    .replace(JWT, '[redacted]')
    .replace(LONG_TOKEN, (run) => (isName(run) ? run : '[redacted]'));
}

/** A GUID, or words joined by hyphens (rdp-tcp-listener-0x904): identifiers in commands, not secrets. */
function isName(run: string): boolean {
  if (GUID.test(run)) return true;
  const parts = run.split('-');
  return parts.length >= 3 && parts.every((p) => p.length > 0 && p.length <= 12);
}
