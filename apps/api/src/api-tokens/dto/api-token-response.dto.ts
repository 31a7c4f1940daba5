import { ApiProperty } from '@nestjs/swagger';
import { API_TOKEN_SCOPES } from '@portico/auth';
import type { ApiTokenScope } from '@portico/auth';
import type { ApiToken, ApiTokenKind } from '../entities/api-token.entity';

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
}

export class CreatedApiTokenDto extends ApiTokenDto {
  @ApiProperty({ description: 'The secret (`ptk_…`): shown in this answer only, never again' })
  secret: string;
}

export class ApiTokenListDto {
  @ApiProperty({ type: [ApiTokenDto] }) items: ApiTokenDto[];
}

export function toApiTokenDto(token: ApiToken): ApiTokenDto {
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

/** Right after creation only: the secret is never stored in clear, so never shown again. */
export function toCreatedApiTokenDto({
  token,
  secret,
}: {
  token: ApiToken;
  secret: string;
}): CreatedApiTokenDto {
  return { ...toApiTokenDto(token), secret };
}
