import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'ana@acme.example' })
  @IsEmail()
  @MaxLength(320)
  email: string;

  @ApiProperty({ example: 'portico-demo-2026' })
  @IsString()
  @MinLength(1)
  // Long inputs are refused before hashing: argon2 of megabytes is a cheap denial of service.
  @MaxLength(256)
  password: string;

  @ApiPropertyOptional({
    description: 'Current TOTP code (6 digits) or a recovery code, when MFA is on',
    example: '123456',
  })
  @IsOptional()
  @IsString()
  @Matches(/^(\d{6}|[a-z0-9]{4}-?[a-z0-9]{4}-?[a-z0-9]{4})$/i, {
    message: 'totp must be a 6-digit code or a recovery code',
  })
  totp?: string;
}
