// Who is counted and how: one allowance per client (its address as seen through the trusted
// proxies only) across every route, plus a stricter one on the routes marked as expensive.
// Health probes and Stripe's webhook skip both (@SkipThrottle).
import { type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';
import type { AppConfig } from '../../config/app-config.js';

export const EXPENSIVE_ROUTE = 'crowdhire:expensive-route';

/** Counted against RATE_LIMIT_UPLOADS_MAX as well (uploads). */
export const ExpensiveRoute = (): MethodDecorator => SetMetadata(EXPENSIVE_ROUTE, true);

const isExpensive = (context: ExecutionContext) => Reflect.getMetadata(EXPENSIVE_ROUTE, context.getHandler()) === true;

/** What a 429 says: which allowance ran out and when the client may try again (as Retry-After says). */
export function rateLimitMessage(allowance: 'requests' | 'uploads', retryAfterSeconds: number): string {
  return `Too many ${allowance} from this client; retry after ${Math.max(1, Math.ceil(retryAfterSeconds))} s.`;
}

export function rateLimitOptions(config: AppConfig, storage: ThrottlerStorage): ThrottlerModuleOptions {
  const ttl = config.RATE_LIMIT_WINDOW_S * 1000;
  return {
    throttlers: [
      { name: 'default', ttl, limit: config.RATE_LIMIT_MAX },
      { name: 'uploads', ttl, limit: config.RATE_LIMIT_UPLOADS_MAX, skipIf: (context) => !isExpensive(context) },
    ],
    // Per client, not per route (the library's default): 600 requests to one route must not
    // leave a full allowance on every other one.
    generateKey: (_context, tracker, throttler) => `${throttler}:${tracker}`,
    // The library's own message names its exception class ("ThrottlerException: Too Many Requests").
    errorMessage: (_context, detail) => rateLimitMessage(detail.key.startsWith('uploads:') ? 'uploads' : 'requests', detail.isBlocked ? detail.timeToBlockExpire : detail.timeToExpire),
    storage,
  };
}
