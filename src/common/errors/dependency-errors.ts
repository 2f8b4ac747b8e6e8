// Errors that mean a backing service is unreachable rather than that our code is wrong: they
// answer 503 with a code naming the dependency (and Retry-After), never 500.
import { ErrorCode } from './error-codes.js';

const REDIS_MESSAGES = [/Stream isn't writeable/, /Too many Cluster redirections/, /MOVED \d+ /, /Connection is closed/, /Reached the max retries per request limit/, /connect ECONNREFUSED .*/, /CLUSTERDOWN/, /TRYAGAIN/, /LOADING Redis is loading/, /All sentinels are unreachable/, /None of startup nodes is available/, /Failed to refresh slots cache/];
const MONGO_NAMES = ['MongoServerSelectionError', 'MongoNetworkError', 'MongoNetworkTimeoutError', 'MongoNotConnectedError', 'MongoTopologyClosedError', 'MongooseServerSelectionError', 'MongoPoolClearedError'];

export function dependencyOf(error: unknown): ErrorCode | null {
  if (!(error instanceof Error)) return null;
  if (MONGO_NAMES.includes(error.name) || MONGO_NAMES.includes(error.constructor?.name ?? '')) return ErrorCode.MONGODB_UNAVAILABLE;
  if (error.name === 'MaxRetriesPerRequestError' || error.name === 'ClusterAllFailedError') return ErrorCode.REDIS_UNAVAILABLE;
  // ioredis reports an unusable connection with plain Errors; the stack says where they came from.
  if (REDIS_MESSAGES.some((m) => m.test(error.message)) && /ioredis|bullmq|redis/i.test(`${error.stack ?? ''}`)) return ErrorCode.REDIS_UNAVAILABLE;
  return null;
}
