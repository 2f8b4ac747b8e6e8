// The development identity provider's signing key and signer. Used by the API (to serve the
// JWKS) and by `npm run token` (to sign); the API verifies these tokens exactly like a real
// provider's, through the JWKS over HTTP.
import fs from 'node:fs';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import type { Role } from './roles.js';

export const DEV_IDP_PATH = 'dev-idp';
export const DEV_TOKEN_TTL_SECONDS = 60 * 60;

export interface DevSigningKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

export async function loadOrCreateDevKey(file: string): Promise<DevSigningKey> {
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as DevSigningKey;
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const key: DevSigningKey = {
    kid,
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' },
    publicJwk: { ...publicJwk, kid, alg: 'RS256', use: 'sig' },
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written beside and renamed, so two processes starting at once never read half a key;
  // the first rename wins and both then read the same file.
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(key), { mode: 0o600 });
  if (!fs.existsSync(file)) fs.renameSync(tmp, file);
  else fs.rmSync(tmp, { force: true });
  return JSON.parse(fs.readFileSync(file, 'utf8')) as DevSigningKey;
}

export interface DevTokenRequest {
  sub: string;
  roles: Role[];
  email?: string;
  name?: string;
  companyId?: string;
}

export interface DevTokenSettings {
  issuer: string;
  audience: string;
  rolesClaim: string;
  companyClaim: string;
  ttlSeconds?: number;
}

export async function signDevToken(key: DevSigningKey, request: DevTokenRequest, settings: DevTokenSettings): Promise<string> {
  const claims: Record<string, unknown> = { [settings.rolesClaim]: request.roles };
  if (request.email) claims.email = request.email;
  if (request.name) claims.name = request.name;
  if (request.companyId) claims[settings.companyClaim] = request.companyId;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setSubject(request.sub)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(`${settings.ttlSeconds ?? DEV_TOKEN_TTL_SECONDS}s`)
    .sign(await importJWK(key.privateJwk, 'RS256'));
}
