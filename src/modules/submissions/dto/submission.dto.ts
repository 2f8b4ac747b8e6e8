import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/cursor.js';
import { DISQUALIFICATION_REASONS, type DisqualificationReason, STAGES, type Stage } from '../pipeline.js';
import { IsOptionalNotNull } from '../../../common/validation/optional.js';

export class CreateSubmissionDto {
  @ApiProperty()
  @IsUUID()
  jobId: string;

  @ApiProperty()
  @IsUUID()
  candidateId: string;

  @ApiProperty({ example: 'Built the payments platform at a scale-up; knows the stack cold.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(1_000)
  pitch: string;
}

export class MoveSubmissionDto {
  @ApiProperty({ enum: STAGES })
  @IsIn(STAGES)
  to: Stage;

  @ApiPropertyOptional({ enum: DISQUALIFICATION_REASONS })
  @IsOptionalNotNull()
  @IsIn(DISQUALIFICATION_REASONS)
  reason?: DisqualificationReason;
}

export class ListSubmissionsDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsUUID()
  jobId?: string;

  @ApiPropertyOptional({ enum: STAGES })
  @IsOptionalNotNull()
  @IsIn(STAGES)
  status?: Stage;
}
