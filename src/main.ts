// The API process: serves HTTP, enqueues work, never processes jobs.
import 'reflect-metadata';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from './common/logging/logger.js';
import { createApi } from './bootstrap/create-api.js';
import { failStartup, loadConfigOrExit, onStopRequest } from './bootstrap/lifecycle.js';
import { within } from './common/timeout.js';
import { ShutdownState } from './modules/health/shutdown-state.js';

const config = loadConfigOrExit('api');
const logger = createLogger(config, 'api');
const app = await createApi(config, logger)
  .then(async (created) => {
    await created.listen({ port: config.PORT, host: config.HOST });
    return created;
  })
  .catch((error: unknown) => failStartup('api', config, error));
// Handlers first, then "ready": a SIGTERM sent the moment the supervisor hears "ready" must
// find them in place, or the default action kills the process mid-request.
onStopRequest(async (reason) => {
  logger.info({ reason }, 'api stopping: readiness now answers 503');
  app.get(ShutdownState).draining = true;
  await sleep(config.SHUTDOWN_DRAIN_MS);
  // Fastify stops accepting, answers new requests on kept-alive sockets with 503, and waits
  // for in-flight requests before the providers (MongoDB, Redis, queues) are closed.
  const closed = await within(app.close(), config.SHUTDOWN_GRACE_MS);
  logger.info({ clean: closed }, 'api stopped');
  return closed ? 0 : 1;
});
logger.info({ port: config.PORT }, 'api listening');
process.send?.({ type: 'ready', port: config.PORT });
