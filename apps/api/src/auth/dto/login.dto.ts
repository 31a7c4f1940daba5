import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { LOCALES, ROLES } from '@portico/auth';
import type { Locale, OrgKind, Role } from '@portico/auth';

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

export class AuthUserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) orgId: string;
  @ApiProperty({ enum: ['internal', 'supplier'] }) orgKind: OrgKind;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: LOCALES }) locale: Locale;
  @ApiPropertyOptional({ description: 'True until the user enrols TOTP required by their organisation' })
  mfaEnrollmentRequired?: boolean;
}

export class TokenResponseDto {
  @ApiProperty({ description: 'Access JWT (HS256) for `Authorization: Bearer`' }) accessToken: string;
  @ApiProperty({ description: 'Lifetime of the access token in seconds', example: 900 }) expiresIn: number;
  @ApiProperty({ type: AuthUserDto }) user: AuthUserDto;
}
