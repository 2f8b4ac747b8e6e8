// The rate limit guard: @nestjs/throttler's, plus the question the route guards ask once per
// route at boot: does this route skip every limit (health probes and Stripe's webhook do)? Such
// a route gets no rate-limit work at all (route-guards.ts). Valid because our throttlers' skipIf
// reads only the route's own metadata (rate-limits.ts), never the request.
import { type ExecutionContext, Injectable, type Type } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** @nestjs/throttler's metadata key for @SkipThrottle, per throttler name (not exported by the package). */
const THROTTLER_SKIP = 'THROTTLER:SKIP';

@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  /** Whether every throttler skips this route. Read from the module's options, so it answers before init. */
  skipsAll(handler: (...args: never[]) => unknown, controller: Type<unknown>): boolean {
    const throttlers = Array.isArray(this.options) ? this.options : this.options.throttlers;
    const commonSkip = Array.isArray(this.options) ? undefined : this.options.skipIf;
    const context = { getHandler: () => handler, getClass: () => controller } as unknown as ExecutionContext;
    const targets = [handler, controller];
    return throttlers.every((t) => this.reflector.getAllAndOverride<boolean>(THROTTLER_SKIP + (t.name ?? 'default'), targets) || (t.skipIf ?? commonSkip)?.(context) === true);
  }
}
