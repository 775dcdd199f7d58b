import { describe, expect, it } from 'vitest';
import { isServiceUrlAllowed } from '../../bot/serviceUrlGuard.ts';

describe('isServiceUrlAllowed', () => {
  it('allows loopback hosts', () => {
    for (const url of ['http://127.0.0.1:9000/', 'http://localhost:3978', 'http://[::1]:80/', 'http://127.1.2.3/']) {
      expect(isServiceUrlAllowed(url, []), url).toBe(true);
    }
  });

  it('refuses other hosts, look-alikes and non-http schemes unless their origin is listed', () => {
    for (const url of ['https://smba.trafficmanager.net/teams/', 'http://127.0.0.1.evil.com/', 'http://localhost.evil.com/', 'file:///etc/passwd', 'nonsense']) {
      expect(isServiceUrlAllowed(url, []), url).toBe(false);
    }
    expect(isServiceUrlAllowed('https://relay.example.com/bf/', ['https://relay.example.com'])).toBe(true);
    expect(isServiceUrlAllowed('https://relay.example.com:444/', ['https://relay.example.com'])).toBe(false);
  });
});
