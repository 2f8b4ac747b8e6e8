// MongoDB and Redis for `npm start` and `npm test` on one machine: the embedded engine (hosted
// in the calling process) and a redis-server child. Whatever MONGODB_URI / REDIS_URL already
// name is used instead, and then nothing is started for it.
import path from 'node:path';
import { type EmbeddedMongo, mongoUri, startEmbeddedMongo } from './embedded-mongo.js';
import { type RedisServer, startRedisServer } from './redis-server.js';
import { ensureSystemPackages, REDIS_SERVER } from './system-packages.js';

export interface LocalServicesOptions {
  /** Holds `mongo/` and `redis/`. */
  dataDir: string;
  /** Redis append-only persistence; off for throwaway test data. */
  persistent: boolean;
  database: string;
  env: Record<string, string | undefined>;
  log: (line: string) => void;
}

export interface LocalServices {
  env: { MONGODB_URI: string; REDIS_URL: string };
  embeddedMongo?: EmbeddedMongo;
  embeddedRedis?: RedisServer;
  stop(): Promise<void>;
}

export async function startLocalServices(options: LocalServicesOptions): Promise<LocalServices> {
  let embeddedMongo: EmbeddedMongo | undefined;
  let embeddedRedis: RedisServer | undefined;
  const stop = async () => {
    await embeddedRedis?.stop();
    await embeddedMongo?.stop();
  };
  try {
    // Redis first: a child started after the engine is open would inherit its lock file.
    let redisUrl = options.env.REDIS_URL;
    if (!redisUrl) {
      const [binary] = ensureSystemPackages([REDIS_SERVER], options.log);
      embeddedRedis = await startRedisServer({ directory: path.join(options.dataDir, 'redis'), persistent: options.persistent }, binary, options.log);
      redisUrl = embeddedRedis.url;
      options.log(`Redis (${binary}${options.persistent ? `, append-only data in ${path.join(options.dataDir, 'redis')}` : ''}) on 127.0.0.1:${embeddedRedis.port}`);
    } else {
      options.log('Redis: using the configured one');
    }
    let mongodbUri = options.env.MONGODB_URI;
    if (!mongodbUri) {
      embeddedMongo = await startEmbeddedMongo(path.join(options.dataDir, 'mongo'));
      mongodbUri = mongoUri(embeddedMongo.baseUri, options.database);
      options.log(`MongoDB (embedded engine, data in ${path.join(options.dataDir, 'mongo')}) on 127.0.0.1:${embeddedMongo.port}`);
    } else {
      options.log('MongoDB: using MONGODB_URI');
    }
    return { env: { MONGODB_URI: mongodbUri, REDIS_URL: redisUrl }, embeddedMongo, embeddedRedis, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
