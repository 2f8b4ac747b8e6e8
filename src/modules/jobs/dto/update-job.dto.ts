import { PartialType } from '@nestjs/swagger';
import { CreateJobDto } from './job.dto.js';

/** Any subset of the fields; status moves have their own routes. */
export class UpdateJobDto extends PartialType(CreateJobDto, { skipNullProperties: false }) {}
