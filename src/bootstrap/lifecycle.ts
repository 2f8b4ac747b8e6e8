// What both entrypoints do at the edges of their life: validate config or exit naming the
// variable, and stop once on SIGTERM, SIGINT or the loss of the supervisor's IPC channel.
import { AppConfig, ConfigError, loadConfig } from '../config/app-config.js';

export const EXIT_CONFIG_ERROR = 78; // EX_CONFIG from sysexits.h

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
