import { Injectable } from '@nestjs/common';

/** Set when the API starts stopping, so readiness turns 503 while in-flight requests finish. */
@Injectable()
export class ShutdownState {
  draining = false;
}
