// The image's HEALTHCHECK, for the API and the worker alike: exit 0 when this container's
// process answers /health/live on its port (PORT for the API, WORKER_HEALTH_PORT for a worker).
import { loadConfigOrExit } from './bootstrap/lifecycle.js';

const config = loadConfigOrExit('healthcheck');
const live = (port: number) =>
  fetch(`http://127.0.0.1:${port}/health/live`, { signal: AbortSignal.timeout(2_000) }).then(
    (res) => res.ok,
    () => false,
  );
const ok = (await live(config.PORT)) || (config.WORKER_HEALTH_PORT !== 0 && (await live(config.WORKER_HEALTH_PORT)));
process.exit(ok ? 0 : 1);
