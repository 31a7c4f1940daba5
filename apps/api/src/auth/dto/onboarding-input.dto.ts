import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class AcceptInvitationDto {
  @ApiProperty({ example: 'Ana Souza', maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName: string;

  @ApiProperty({
    minLength: 12,
    description: 'At least 12 characters and not one of the 1000 most common passwords',
  })
  @IsString()
  @MaxLength(256)
  password: string;
}

export class RequestPasswordResetDto {
  @ApiProperty({ example: 'ana@acme.example' })
  @IsEmail()
  @MaxLength(320)
  email: string;
}

export class CompletePasswordResetDto {
  @ApiProperty({ minLength: 12 })
  @IsString()
  @MaxLength(256)
  password: string;
}
