import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class AttachEmployerDto {
  /** The identity provider's subject: the user need not have signed in yet. */
  @ApiProperty({ example: 'auth0|64f1c0ffee' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  sub: string;
}
