import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/cursor.js';
import { JOB_STATUSES, type JobStatus, SENIORITIES, type Seniority } from '../job.schema.js';

export class ListJobsDto extends PageQueryDto {
  /** Full-text search over title and description. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ example: 'typescript' })
  @IsOptional()
  @IsString()
  @MaxLength(80)
  skill?: string;

  /** City or country, case-insensitive prefix. */
  @ApiPropertyOptional({ example: 'Berlin' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  location?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  remote?: boolean;

  @ApiPropertyOptional({ enum: SENIORITIES })
  @IsOptional()
  @IsIn(SENIORITIES)
  seniority?: Seniority;

  /** Employers and admins only; sourcers always see published jobs. */
  @ApiPropertyOptional({ enum: JOB_STATUSES })
  @IsOptional()
  @IsIn(JOB_STATUSES)
  status?: JobStatus;
}
