const LABELLED_SECRET = /\b(password|passwd|pwd|passcode|pin|secret|token|api[ -]?key|key)(\s*(?:is|was|=|:)\s*)("[^"]*"|'[^']*'|\S+)/gi;
const JWT = /\beyJ[\w-]+\.[\w-]+\.[\w-]+\b/g;
const LONG_TOKEN = /\b(?=[A-Za-z0-9+/_-]*\d)(?=[A-Za-z0-9+/_-]*[A-Za-z])[A-Za-z0-9+/_-]{24,}={0,2}/g;

/** Replaces obvious secrets (a typed password, tokens, long keys) with [redacted] before text is stored. */
export function redactSecrets(text: string): string {
  return text.replace(LABELLED_SECRET, (_m, label: string, sep: string) => `${label}${sep}[redacted]`).replace(JWT, '[redacted]').replace(LONG_TOKEN, '[redacted]');
}
