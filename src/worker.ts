// The worker process: consumes the queues, serves no HTTP. Same image as the API.
import 'reflect-metadata';
import { createLogger } from './common/logging/logger.js';
import { startWorker } from './bootstrap/create-worker.js';
import { EXIT_CONFIG_ERROR, failStartup, loadConfigOrExit, onStopRequest } from './bootstrap/lifecycle.js';
import { WorkerSetupError } from './workers/job-handlers.js';

const config = loadConfigOrExit('worker');
const logger = createLogger(config, 'worker');
const worker = await startWorker(config, logger).catch(async (error: unknown) => {
  if (error instanceof WorkerSetupError) {
    logger.fatal({ problems: error.problems }, error.message);
    process.exit(EXIT_CONFIG_ERROR);
  }
  return failStartup('worker', config, error);
});
// Handlers before "ready" (see main.ts).
onStopRequest(async (reason) => {
  logger.info({ reason }, 'worker stopping: no new jobs, finishing active ones');
  const drained = await worker.stop();
  logger.info({ drained }, 'worker stopped');
  return drained ? 0 : 1;
});
logger.info({ workerId: worker.heartbeat.workerId, concurrency: config.WORKER_CONCURRENCY }, 'worker started');
process.send?.({ type: 'ready' });
