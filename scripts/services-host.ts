// npm start's data services in a process of their own: redis-server and the embedded MongoDB
// engine. The supervisor (start.ts) forks it with an IPC channel; when that channel closes
// (the supervisor stopped, or was killed) this process stops Redis and closes the engine
// cleanly. Keeping the engine here means no other process ever inherits its lock file.
import { startLocalServices } from '../src/infra/embedded/local-services.js';
import { StartupProblem } from '../src/infra/embedded/startup-problem.js';

export interface ServicesHostRequest {
  dataDir: string;
  env: Record<string, string | undefined>;
}

export type ServicesHostMessage =
  | { type: 'log'; line: string }
  | { type: 'ready'; env: { MONGODB_URI: string; REDIS_URL: string } }
  | { type: 'fatal'; message: string; hint?: string };

const send = (message: ServicesHostMessage) => process.send?.(message);

async function main(): Promise<void> {
  const request = JSON.parse(process.env.CROWDHIRE_SERVICES_REQUEST ?? '{}') as ServicesHostRequest;
  const services = await startLocalServices({ dataDir: request.dataDir, persistent: true, database: 'crowdhire', env: request.env, log: (line) => send({ type: 'log', line }) });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await services.stop().catch(() => undefined);
    process.exit(0);
  };
  // The supervisor decides when to stop (after the API and worker); a terminal's Ctrl-C is its.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => void stop());
  process.on('disconnect', () => void stop());
  send({ type: 'ready', env: services.env });
}

main().catch((error: unknown) => {
  send(error instanceof StartupProblem ? { type: 'fatal', message: error.message, hint: error.hint } : { type: 'fatal', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
