import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';

/** A lower-case DNS name with at least one dot (no wildcard, no trailing dot). */
export const EMAIL_DOMAIN =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/i;

export class SaveSsoSettingsDto {
  @ApiProperty({
    description: 'Issuer URL; discovery (`<issuer>/.well-known/openid-configuration`) must succeed',
    example: 'https://login.acme.example/realms/acme',
    maxLength: 2048,
  })
  @IsString()
  @MaxLength(2048)
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'], require_tld: false })
  issuer: string;

  @ApiProperty({ maxLength: 512 })
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  clientId: string;

  @ApiPropertyOptional({
    description: 'Required the first time; omit to keep the stored secret',
    maxLength: 2048,
    writeOnly: true,
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(2048)
  clientSecret?: string;

  @ApiProperty({ type: [String], example: ['acme.example'], minItems: 1, maxItems: 20 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(EMAIL_DOMAIN, { each: true, message: 'each must be a domain name such as acme.example' })
  emailDomains: string[];

  @ApiProperty() @IsBoolean() createUnknownUsers: boolean;
  @ApiProperty() @IsBoolean() requireSso: boolean;
}

export class SsoDiscoverDto {
  @ApiProperty({ example: 'ana@acme.example', maxLength: 320 })
  @IsEmail()
  @MaxLength(320)
  email: string;
}
