// Tokens this process has verified, by their exact text: a client sends the same bearer token
// on every request until it expires, and an RS256 signature check is the largest cost of an
// authenticated request. An entry is good until the token's own expiry (with the same clock
// tolerance the verification allowed) and at most MAX_AGE_MS after it was verified, so a key
// withdrawn from the provider's JWKS stops working within that time. Bounded; oldest out first.
const MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 10_000;

export interface VerifiedClaims {
  exp: number;
  [claim: string]: unknown;
}

export class VerifiedTokens {
  private readonly entries = new Map<string, { claims: VerifiedClaims; until: number }>();

  constructor(
    private readonly clockToleranceS: number,
    private readonly now: () => number = Date.now,
  ) {}

  remember(token: string, claims: VerifiedClaims): void {
    const until = Math.min((claims.exp + this.clockToleranceS) * 1000, this.now() + MAX_AGE_MS);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { claims, until });
  }

  /** The claims of a token verified earlier and still good, or undefined (then verify it). */
  get(token: string): VerifiedClaims | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (this.now() < entry.until) return entry.claims;
    this.entries.delete(token);
    return undefined;
  }

  get size(): number {
    return this.entries.size;
  }
}
