// The one fake at the identity edge: tokens as the provider would issue them (signed with the
// development provider's key, which the API verifies through its JWKS), and forged ones.
import { createHmac, createPublicKey } from 'node:crypto';
import { generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import type { AppConfig } from '../../src/config/app-config.js';
import { loadOrCreateDevKey, signDevToken, type DevTokenRequest } from '../../src/modules/auth/dev-idp.keys.js';

export function settings(config: AppConfig) {
  return { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, rolesClaim: config.AUTH_ROLES_CLAIM, companyClaim: config.AUTH_COMPANY_CLAIM };
}

export async function tokenFor(config: AppConfig, request: DevTokenRequest, ttlSeconds?: number): Promise<string> {
  const key = await loadOrCreateDevKey(config.DEV_IDP_KEY_FILE);
  return signDevToken(key, request, { ...settings(config), ttlSeconds });
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Tokens an attacker could make, each of which the API must refuse. */
export async function forgedTokens(config: AppConfig): Promise<Record<string, string>> {
  const key = await loadOrCreateDevKey(config.DEV_IDP_KEY_FILE);
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: 'mallory', iss: config.AUTH_ISSUER, aud: config.AUTH_AUDIENCE, iat: now, exp: now + 600, [config.AUTH_ROLES_CLAIM]: ['admin'] };
  const publicPem = createPublicKey({ key: key.publicJwk as JWK & { kty: string }, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
  const hsInput = `${b64({ alg: 'HS256', typ: 'JWT', kid: key.kid })}.${b64(claims)}`;
  const other = await generateKeyPair('RS256', { extractable: true });
  const sign = (payload: Record<string, unknown>, kid = key.kid) => new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid });
  const ours = await importJWK(key.privateJwk, 'RS256');
  return {
    algNone: `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
    hs256WithPublicKey: `${hsInput}.${createHmac('sha256', publicPem).update(hsInput).digest('base64url')}`,
    wrongIssuer: await sign({ ...claims, iss: 'https://evil.example/' }).sign(ours),
    wrongAudience: await sign({ ...claims, aud: 'another-api' }).sign(ours),
    unknownKid: await sign(claims, 'not-a-known-kid').sign(other.privateKey),
    expiredBeyondTolerance: await sign({ ...claims, iat: now - 7200, exp: now - config.AUTH_CLOCK_TOLERANCE_S - 60 }).sign(ours),
    badSignature: (await sign(claims).sign(ours)).replace(/\.[^.]+$/, `.${Buffer.from('forged').toString('base64url')}`),
    // Correctly signed by the provider's own key, but valid forever: refused.
    noExpiry: await sign((({ exp: _exp, ...rest }) => rest)(claims)).sign(ours),
  };
}
