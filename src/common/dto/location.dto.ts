import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { IsOptionalNotNull } from '../validation/optional.js';

/** A place as jobs and candidates state it: a city and an ISO country code, both optional. */
export class LocationDto {
  @ApiPropertyOptional({ example: 'Berlin' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(100)
  city?: string;

  @ApiPropertyOptional({ example: 'DE' })
  @IsOptionalNotNull()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166 alpha-2 code such as DE' })
  country?: string;
}
