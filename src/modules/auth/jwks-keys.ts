// The identity provider's public keys: the one class that talks to its JWKS endpoint, with
// caching, rate-limited refetching on an unknown `kid` (key rotation), and a timeout.
import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { JwksClient } from 'jwks-rsa';
import { AppConfig } from '../../config/app-config.js';
import { DEV_IDP_PATH } from './dev-idp.keys.js';

@Injectable()
export class JwksKeys {
  private client: JwksClient | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly http: HttpAdapterHost,
  ) {}

  /** The JWKS address: configured, or this API's own development provider. */
  jwksUri(): string {
    if (this.config.AUTH_JWKS_URI) return this.config.AUTH_JWKS_URI;
    // The development provider is served by this very process; it is fetched over HTTP like
    // any provider, so the verification path is the production one.
    const address = this.http.httpAdapter.getHttpServer().address() as { port: number } | null;
    if (!address) throw new Error('the API is not listening yet');
    return `http://127.0.0.1:${address.port}/${DEV_IDP_PATH}/jwks.json`;
  }

  /** The PEM public key for `kid`; rejects with SigningKeyNotFoundError for an unknown one. */
  async publicKey(kid: string | undefined): Promise<string> {
    this.client ??= new JwksClient({
      jwksUri: this.jwksUri(),
      cache: true,
      cacheMaxAge: 10 * 60 * 1000,
      rateLimit: true,
      jwksRequestsPerMinute: 10,
      timeout: 5_000,
    });
    const key = await this.client.getSigningKey(kid);
    return key.getPublicKey();
  }
}
