// BullMQ's queues and workers re-emit their Redis connections' errors as their own 'error'
// event, and with no listener BullMQ prints each one raw to stderr: a line per reconnect
// attempt while Redis is down, outside the JSON log and its redaction. These go to the log
// instead, once per kind of error per quiet spell, so an outage is one warning, not a flood.
import type { Logger } from 'pino';

/** How long the same error stays quiet after it was logged. */
export const CONNECTION_ERROR_QUIET_MS = 30_000;

interface ErrorSource {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** Logs `source`'s errors (a BullMQ Queue or Worker) at warn, each kind at most once per quiet spell. */
export function logConnectionErrors(source: ErrorSource, logger: Logger, labels: Record<string, string>, now: () => number = Date.now): void {
  const lastLogged = new Map<string, number>();
  source.on('error', (error: Error) => {
    const kind = `${(error as { code?: string }).code ?? error.name}: ${error.message}`;
    const at = now();
    const last = lastLogged.get(kind);
    if (last !== undefined && at - last < CONNECTION_ERROR_QUIET_MS) return;
    lastLogged.set(kind, at);
    logger.warn({ ...labels, err: error }, 'queue connection error (not repeated for 30 s)');
  });
}
