import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsDateString,
  IsIn,
  IsString,
  MaxLength,
  MinLength,
} from 'class-validator';
import { API_TOKEN_SCOPES } from '@portico/auth';
import type { ApiTokenScope } from '@portico/auth';
import type { ApiToken, ApiTokenKind } from '../entities/api-token.entity';

export class CreateApiTokenDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Jira sync' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ enum: API_TOKEN_SCOPES, isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @ArrayMaxSize(API_TOKEN_SCOPES.length)
  @IsIn(API_TOKEN_SCOPES, { each: true })
  scopes: ApiTokenScope[];

  @ApiProperty({ format: 'date-time', description: 'In the future, at most one year from now' })
  @IsDateString({ strict: true })
  expiresAt: string;
}

export class ApiTokenDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['organization', 'personal'] }) kind: ApiTokenKind;
  @ApiProperty({ format: 'uuid' }) orgId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: API_TOKEN_SCOPES, isArray: true }) scopes: ApiTokenScope[];
  @ApiProperty({ description: 'The first characters of the secret' }) prefix: string;
  @ApiProperty() expiresAt: Date;
  @ApiProperty({ type: Date, nullable: true }) revokedAt: Date | null;
  @ApiProperty({ type: Date, nullable: true, description: 'Recorded at most once a minute' })
  lastUsedAt: Date | null;
  @ApiProperty({ type: String, nullable: true }) lastUsedIp: string | null;
  @ApiProperty() createdAt: Date;

  static of(token: ApiToken): ApiTokenDto {
    return {
      id: token.id,
      kind: token.kind,
      orgId: token.orgId,
      name: token.name,
      scopes: token.scopes,
      prefix: token.prefix,
      expiresAt: token.expiresAt,
      revokedAt: token.revokedAt,
      lastUsedAt: token.lastUsedAt,
      lastUsedIp: token.lastUsedIp,
      createdAt: token.createdAt,
    };
  }
}

export class CreatedApiTokenDto extends ApiTokenDto {
  @ApiProperty({ description: 'The secret (`ptk_…`): shown in this answer only, never again' })
  secret: string;
}

export class ApiTokenListDto {
  @ApiProperty({ type: [ApiTokenDto] }) items: ApiTokenDto[];
}
