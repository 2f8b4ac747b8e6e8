import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { LocationDto } from '../../../common/dto/location.dto.js';
import {
  ArrayMaxSize,
  IsObject,
  IsArray,
  IsEmail,
  IsNotEmpty,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsOptionalNotNull } from '../../../common/validation/optional.js';

const YEAR_MONTH = /^(19|20)\d\d-(0[1-9]|1[0-2])$/;

export class ContactDto {
  @ApiPropertyOptional({ example: 'jane@example.com' })
  @IsOptionalNotNull()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '+49 30 1234567' })
  @IsOptionalNotNull()
  @Matches(/^\+?[0-9 ()./-]{5,25}$/, { message: 'phone must be a phone number' })
  phone?: string;

  @ApiPropertyOptional({ example: ['https://www.linkedin.com/in/jane-doe'] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(10)
  @IsUrl({ protocols: ['http', 'https'] }, { each: true })
  @MaxLength(500, { each: true })
  links?: string[];
}

export class ExperienceDto {
  @ApiProperty({ example: 'Backend Engineer' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title: string;

  @ApiPropertyOptional({ example: 'Acme' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(200)
  company?: string;

  @ApiProperty({ example: '2019-04' })
  @Matches(YEAR_MONTH, { message: 'start must be YYYY-MM' })
  start: string;

  @ApiPropertyOptional({ example: '2023-01' })
  @IsOptionalNotNull()
  @Matches(YEAR_MONTH, { message: 'end must be YYYY-MM' })
  end?: string;

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(5_000)
  description?: string;
}

/** What a sourcer writes; owner, fingerprints and delivery are never taken from a body. */
export class CreateCandidateDto {
  @ApiProperty({ example: 'Jane Doe' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ type: ContactDto })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => ContactDto)
  contact?: ContactDto;

  @ApiPropertyOptional({ type: LocationDto })
  @IsOptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => LocationDto)
  location?: LocationDto;

  @ApiPropertyOptional({ example: ['TypeScript', 'PostgreSQL'] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(80, { each: true })
  skills?: string[];

  @ApiPropertyOptional({ type: [ExperienceDto] })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true, message: 'each item of $property must be an object' })
  @ValidateNested({ each: true })
  @Type(() => ExperienceDto)
  experience?: ExperienceDto[];

  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(10_000)
  summary?: string;
}

export class UpdateCandidateDto extends PartialType(CreateCandidateDto, { skipNullProperties: false }) {}
