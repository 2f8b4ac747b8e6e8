import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/cursor.js';
import { JOB_STATUSES, type JobStatus, SENIORITIES, type Seniority } from '../job.schema.js';
import { IsOptionalNotNull } from '../../../common/validation/optional.js';

export class ListJobsDto extends PageQueryDto {
  /** Full-text search over title and description. */
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ example: 'typescript' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(80)
  skill?: string;

  /** City or country, case-insensitive prefix. */
  @ApiPropertyOptional({ example: 'Berlin' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(100)
  location?: string;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  remote?: boolean;

  @ApiPropertyOptional({ enum: SENIORITIES })
  @IsOptionalNotNull()
  @IsIn(SENIORITIES)
  seniority?: Seniority;

  /** Employers and admins only; sourcers always see published jobs. */
  @ApiPropertyOptional({ enum: JOB_STATUSES })
  @IsOptionalNotNull()
  @IsIn(JOB_STATUSES)
  status?: JobStatus;
}
