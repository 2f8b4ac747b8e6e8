// Who may scrape /metrics: anyone in development; with METRICS_TOKEN set, only a bearer of
// it; in production without a token, nobody (the route answers 404 as if absent).
import { timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { AppConfig } from '../../config/app-config.js';

@Injectable()
export class MetricsAccess {
  private readonly expected: Buffer | null;

  constructor(private readonly config: AppConfig) {
    this.expected = config.METRICS_TOKEN ? Buffer.from(`Bearer ${config.METRICS_TOKEN}`) : null;
  }

  check(authorization: string | undefined): void {
    if (!this.expected) {
      if (this.config.isProduction) throw new DomainError(ErrorCode.ROUTE_NOT_FOUND, 'Cannot GET /metrics');
      return;
    }
    const given = Buffer.from(authorization ?? '');
    if (given.length !== this.expected.length || !timingSafeEqual(given, this.expected)) {
      throw new DomainError(ErrorCode.AUTH_TOKEN_INVALID, 'The metrics token is missing or wrong');
    }
  }
}
