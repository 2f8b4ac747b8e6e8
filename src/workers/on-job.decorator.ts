import { SetMetadata } from '@nestjs/common';
import type { JobName } from '../queues/queue.types.js';

export const ON_JOB = 'crowdhire:on-job';

/** Marks a provider method as the one handler of a job name; it receives the typed payload. */
export const OnJob = (name: JobName): MethodDecorator => SetMetadata(ON_JOB, name);
