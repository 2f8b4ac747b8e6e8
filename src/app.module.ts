import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import { CoreModule } from './common/core.module.js';
import type { AppConfig } from './config/app-config.js';
import { DatabaseModule } from './database.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { QueuesModule } from './queues/queues.module.js';

/** The API process's root module. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(config, logger, 'api'), DatabaseModule, QueuesModule, HealthModule, AuthModule.forRoot(config)],
    };
  }
}
