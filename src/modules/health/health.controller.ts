import { Controller, Get, HttpCode } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { DomainError } from '../../common/errors/domain-error.js';
import { ErrorCode } from '../../common/errors/error-codes.js';
import { Public } from '../auth/auth.decorators.js';
import { HealthService, type Readiness } from './health.service.js';
import { ShutdownState } from './shutdown-state.js';
import { SkipThrottle } from '@nestjs/throttler';

@ApiTags('health')
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthService,
    private readonly shutdown: ShutdownState,
  ) {}

  @ApiOperation({ summary: 'Liveness: the process is up' })
  @Get('live')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The process is up.' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @ApiOperation({ summary: 'Readiness: MongoDB, Redis and the workers' })
  @Get('ready')
  @ApiOkResponse({ description: 'MongoDB and Redis answer. `status` is `degraded` when no worker heartbeat was seen in the last 30 s (queued work waits, but the API serves).' })
  @ApiServiceUnavailableResponse({ description: 'A dependency is down (named in `details`) or the API is shutting down.' })
  async ready(): Promise<{ status: 'ok' | 'degraded'; checks: Readiness }> {
    if (this.shutdown.draining) {
      throw new DomainError(ErrorCode.SHUTTING_DOWN, 'The API is shutting down');
    }
    const checks = await this.health.readiness();
    const failing = Object.entries(checks).filter(([, c]) => c.status === 'down').map(([name]) => name);
    if (failing.length > 0) {
      throw new DomainError(ErrorCode.NOT_READY, `Not ready: ${failing.join(', ')} down`, { failing, checks });
    }
    return { status: checks.worker.status === 'up' ? 'ok' : 'degraded', checks };
  }
}
