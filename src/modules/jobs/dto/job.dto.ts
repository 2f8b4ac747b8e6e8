import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsObject,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { LocationDto } from '../../../common/dto/location.dto.js';
import { SENIORITIES, type Seniority, WORKPLACES, type Workplace } from '../job.schema.js';
import { IsOptionalNotNull } from '../../../common/validation/optional.js';

export class SkillRequirementDto {
  @ApiProperty({ example: 'TypeScript' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  skill: string;

  @ApiPropertyOptional({ example: 3 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(50)
  minYears?: number;
}

@ValidatorConstraint({ name: 'salaryOrder', async: false })
class SalaryOrder implements ValidatorConstraintInterface {
  validate(_: unknown, args?: ValidationArguments): boolean {
    const band = args?.object as SalaryBandDto;
    return typeof band.min !== 'number' || typeof band.max !== 'number' || band.min <= band.max;
  }
  defaultMessage(): string {
    return 'max must not be below min';
  }
}

export class SalaryBandDto {
  /** Integer minor units (cents) per year. */
  @ApiProperty({ example: 9_000_000 })
  @IsInt()
  @Min(0)
  min: number;

  @ApiProperty({ example: 12_000_000 })
  @IsInt()
  @Min(0)
  @Validate(SalaryOrder)
  max: number;

  @ApiProperty({ example: 'EUR' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency: string;
}

/** Every field of a job an employer writes; status, company and owner are never taken from a body. */
export class CreateJobDto {
  @ApiProperty({ example: 'Senior Backend Engineer' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(20_000)
  description: string;

  @ApiPropertyOptional({ type: LocationDto })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => LocationDto)
  location?: LocationDto;

  @ApiProperty({ enum: WORKPLACES })
  @IsIn(WORKPLACES)
  workplace: Workplace;

  @ApiProperty({ enum: SENIORITIES })
  @IsIn(SENIORITIES)
  seniority: Seniority;

  @ApiPropertyOptional({ type: SalaryBandDto })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => SalaryBandDto)
  salary?: SalaryBandDto;

  @ApiPropertyOptional({ type: [SkillRequirementDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(30)
  @IsObject({ each: true, message: 'each item of $property must be an object' })
  @ValidateNested({ each: true })
  @Type(() => SkillRequirementDto)
  mustHave?: SkillRequirementDto[];

  @ApiPropertyOptional({ type: [SkillRequirementDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(30)
  @IsObject({ each: true, message: 'each item of $property must be an object' })
  @ValidateNested({ each: true })
  @Type(() => SkillRequirementDto)
  niceToHave?: SkillRequirementDto[];

  /** Score (0-100) a submission needs to pass the AI check; default MATCH_THRESHOLD. */
  @ApiPropertyOptional({ example: 60 })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(100)
  matchThreshold?: number;

  @ApiPropertyOptional({ example: ['English', 'German'] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  languages?: string[];
}
