// The rate limit guard: @nestjs/throttler's, with what a route skips decided once per route
// instead of read from metadata on every request (health probes and Stripe's webhook skip
// every limit, and are called often). Valid because our throttlers' skipIf reads only the
// route's own metadata (rate-limits.ts), never the request.
import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** @nestjs/throttler's metadata key for @SkipThrottle, per throttler name (not exported by the package). */
const THROTTLER_SKIP = 'THROTTLER:SKIP';

@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  private readonly skipsAll = new WeakMap<object, boolean>();

  /** Whether every throttler skips this route, read from its metadata once. */
  private skipsAllFor(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    let skip = this.skipsAll.get(handler);
    if (skip === undefined) {
      const targets = [handler, context.getClass()];
      skip = this.throttlers.every((t) => this.reflector.getAllAndOverride<boolean>(THROTTLER_SKIP + t.name, targets) || (t.skipIf ?? this.commonOptions.skipIf)?.(context) === true);
      this.skipsAll.set(handler, skip);
    }
    return skip;
  }

  // A route that skips every limit is let through at once, without a promise (Nest takes a
  // plain boolean from any guard; the library's type says Promise); others are counted.
  override canActivate(context: ExecutionContext): Promise<boolean> {
    return (this.skipsAllFor(context) || super.canActivate(context)) as Promise<boolean>;
  }
}
