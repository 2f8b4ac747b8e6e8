// What both entrypoints do at the edges of their life: validate config or exit naming the
// variable, say why a start failed and what to do about it, and stop once on SIGTERM, SIGINT
// or the loss of the supervisor's IPC channel.
import type { AppConfig } from '../config/app-config.js';
import { dependencyOf } from '../common/errors/dependency-errors.js';
import { ErrorCode } from '../common/errors/error-codes.js';
import { describeTopology, topologyFor } from '../common/redis/redis.js';
import { DependencyTimeoutError, EvictingQueueRedisError } from './dependencies.js';
import { ConfigError, loadConfig } from '../config/config-loader.js';

export const EXIT_CONFIG_ERROR = 78; // EX_CONFIG from sysexits.h

/** Set by npm start's supervisor for the processes it runs (it reports their failures). */
const SUPERVISED = process.env.CROWDHIRE_SUPERVISED === '1';

/** Whether npm start's supervisor runs this process (and has said what applies to all of them). */
export const supervised = (): boolean => SUPERVISED;

export function loadConfigOrExit(processName: string): AppConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`crowdhire ${processName}: ${error.message}\nSee .env.example for every variable.\n`);
      process.exit(EXIT_CONFIG_ERROR);
    }
    throw error;
  }
}

/**
 * Runs `stop` once on the first stop request, then exits with its code. A second signal while
 * stopping exits at once: whoever sends it has decided not to wait.
 */
export function onStopRequest(stop: (reason: string) => Promise<number>): void {
  let stopping = false;
  const request = (reason: string) => {
    if (stopping) {
      process.exit(130);
    }
    stopping = true;
    stop(reason).then(
      (code) => process.exit(code),
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => request('SIGTERM'));
  process.on('SIGINT', () => request('SIGINT'));
  // Started by `npm start`: if the supervisor dies, even by SIGKILL, its IPC channel closes.
  if (process.send) process.on('disconnect', () => request('supervisor gone'));
}

/** A URL without its password, for messages. */
const safeUrl = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');

/**
 * Why this process could not start and what to do: to stderr, and to the supervisor (npm
 * start), which prints it once at the end of its output. Then exits; the returned promise never
 * settles, so an awaiting caller goes no further.
 */
export function failStartup(processName: string, config: AppConfig, error: unknown): Promise<never> {
  let message = error instanceof Error ? error.message : String(error);
  let hint = 'look at the log lines above';
  const unreachable = error instanceof DependencyTimeoutError ? error.waitingFor : dependencyOf(error) === ErrorCode.MONGODB_UNAVAILABLE ? ['MongoDB'] : null;
  if (unreachable) {
    const where = unreachable.map((d) => (d === 'MongoDB' ? `MongoDB at ${safeUrl(config.MONGODB_URI)}` : `Redis at ${describeTopology(topologyFor(config, 'cache'))}`));
    message = `${where.join(' and ')} did not answer within ${Math.round(config.STARTUP_TIMEOUT_MS / 1000)} s`;
    hint = `check that ${unreachable.join(' and ')} ${unreachable.length > 1 ? 'are' : 'is'} running and reachable from here (${unreachable.map((d) => (d === 'MongoDB' ? 'MONGODB_URI' : 'REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS')).join(', ')})`;
  } else if (error instanceof EvictingQueueRedisError) {
    hint = 'set maxmemory-policy noeviction on the Redis that holds the queues (REDIS_QUEUE_URL, or the main one): an evicted job is lost work';
  } else if ((error as { code?: string }).code === 'EADDRINUSE') {
    message = `port ${config.PORT} on ${config.HOST} is already in use`;
    hint = `stop what uses it, or choose another port (PORT=${config.PORT + 1})`;
  }
  // Under npm start the supervisor says it, once, at the end of its output; otherwise we do.
  if (!SUPERVISED) process.stderr.write(`crowdhire ${processName} did not start: ${message}\nwhat to do: ${hint}\n`);
  if (process.send) process.send({ type: 'fatal', message: `${processName}: ${message}`, hint }, () => process.exit(1));
  else process.exit(1);
  // Nothing after this runs: the process exits once the message is out.
  return new Promise<never>(() => undefined);
}
