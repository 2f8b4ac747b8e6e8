// The Redis-backed cache (through @nestjs/cache-manager) and ReadCache, for every module.
import { CacheModule } from '@nestjs/cache-manager';
import { Global, Module } from '@nestjs/common';
import { Keyv } from 'keyv';
import { AppConfig } from '../../config/app-config.js';
import { REDIS } from '../core.module.js';
import { type RedisClient, RedisKeys } from '../redis/redis.js';
import { cachePrefix, deserialize, FencedRedisStore, serialize } from './fenced-redis.store.js';
import { ReadCache } from './read-cache.service.js';

@Global()
@Module({
  imports: [
    CacheModule.registerAsync({
      inject: [REDIS, RedisKeys, AppConfig],
      useFactory: (redis: RedisClient, keys: RedisKeys, config: AppConfig) => ({
        stores: [new Keyv({ store: new FencedRedisStore(redis, cachePrefix(keys.prefix)), namespace: '', useKeyPrefix: false, serialize, deserialize })],
        ttl: config.CACHE_TTL_S * 1000,
      }),
    }),
  ],
  providers: [ReadCache],
  exports: [ReadCache],
})
export class ReadCacheModule {}
