import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/** The address of the client behind a request, for rate limits and login back-off. */
export type ClientAddress = (req: IncomingMessage) => string;

/**
 * Reads X-Forwarded-For only as far as it was written by trusted proxies: the socket peer must be one, and
 * each hop is believed only while the previous one is trusted (proxy-addr, as Express does). Without
 * trusted proxies the socket address is the client, so a client cannot pick its own rate-limit key.
 * `trustedProxies` are IPs, CIDR ranges or proxy-addr's names (loopback, linklocal, uniquelocal).
 */
export function createClientAddress(trustedProxies: readonly string[]): ClientAddress {
  const trust = proxyaddr.compile([...trustedProxies]);
  return (req) => withoutPort(proxyaddr(req, trust));
}

/** Entries proxy-addr cannot use, one problem per entry, for the start-up report. */
export function checkTrustedProxies(trustedProxies: readonly string[]): string[] {
  return trustedProxies.flatMap((entry) => {
    try {
      proxyaddr.compile(entry);
      return [];
    } catch {
      return [`TRUSTED_PROXIES: "${entry}" is not an IP address, a CIDR range, or one of loopback, linklocal, uniquelocal`];
    }
  });
}

// Azure App Service writes the client's port into X-Forwarded-For ("203.0.113.7:51234"); the key is the address.
function withoutPort(address: string): string {
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(address);
  if (v4?.[1]) return v4[1];
  const v6 = /^\[([0-9a-fA-F:.]+)\]:\d+$/.exec(address);
  return v6?.[1] ?? address;
}
