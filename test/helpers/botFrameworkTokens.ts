import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import nock from 'nock';

export const CHANNEL_ISSUER = 'https://api.botframework.com';
const OPENID_HOST = 'https://login.botframework.com';

export type TokenFactory = {
  /** Signs a channel token; override any claim, or sign with another key. */
  sign(claims: Record<string, unknown>, options?: { expiresInSeconds?: number; key?: CryptoKey; kid?: string }): Promise<string>;
  otherKey: CryptoKey;
};

/**
 * Serves Bot Framework's OpenID metadata and JWKS with nock for a test RSA key. The SDK caches the
 * metadata per process, so one factory per test file (vitest isolates files) and persisted interceptors.
 */
export async function mockBotFrameworkOpenId(): Promise<TokenFactory> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const other = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-key', use: 'sig', endorsements: ['msteams', 'webchat', 'directline', 'emulator'] } as JWK;
  nock(OPENID_HOST)
    .persist()
    .get('/v1/.well-known/openidconfiguration')
    .reply(200, { issuer: CHANNEL_ISSUER, jwks_uri: `${OPENID_HOST}/v1/.well-known/keys` });
  nock(OPENID_HOST).persist().get('/v1/.well-known/keys').reply(200, { keys: [jwk] });
  return {
    otherKey: other.privateKey,
    async sign(claims, options = {}) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ iss: CHANNEL_ISSUER, ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? 'test-key', typ: 'JWT' })
        .setIssuedAt(now - 60)
        .setNotBefore(now - 60)
        .setExpirationTime(now + (options.expiresInSeconds ?? 3600))
        .sign(options.key ?? privateKey);
    },
  };
}
