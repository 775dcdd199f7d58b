/** True when the URL's host is a loopback address (localhost, 127.0.0.0/8, ::1). */
export function isLoopbackUrl(serviceUrl: string): boolean {
  const url = safeUrl(serviceUrl);
  if (!url) return false;
  const host = url.hostname;
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Local mode runs without authentication, so the caller picks where replies go: only loopback or an
 * explicitly allowed origin may receive them, or the bot becomes an open relay.
 */
export function isServiceUrlAllowed(serviceUrl: string, allowedOrigins: readonly string[]): boolean {
  const url = safeUrl(serviceUrl);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return false;
  return isLoopbackUrl(serviceUrl) || allowedOrigins.includes(url.origin);
}

function safeUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
