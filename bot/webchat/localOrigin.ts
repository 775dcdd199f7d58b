import type { Server } from 'restify';

/**
 * Where the page reaches the local Direct Line: the Host it used when that names this machine (loopback
 * or the configured HOST), else the listening address; any other Host is never echoed back.
 */
export function localOrigin(hostHeader: string | undefined, configuredHost: string, server: Server): string {
  const match = /^(\[[0-9a-f:]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i.exec(hostHeader ?? '');
  const hostname = match?.[1]?.toLowerCase() ?? '';
  if (match && (hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname) || hostname === configuredHost.toLowerCase())) return `http://${match[0]}`;
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 3978}`;
}
