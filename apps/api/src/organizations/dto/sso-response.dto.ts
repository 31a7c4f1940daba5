import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { OrganizationSso } from '../entities/organization-sso.entity';

export class SsoSettingsDto {
  @ApiProperty({ description: 'False until an admin saves settings; the other fields are then empty' })
  configured: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'https://login.acme.example/realms/acme' })
  issuer: string | null;
  @ApiProperty({ type: String, nullable: true }) clientId: string | null;
  @ApiProperty({ description: 'Whether a client secret is stored; the secret itself is never returned' })
  clientSecretSet: boolean;
  @ApiProperty({ type: [String], example: ['acme.example'] }) emailDomains: string[];
  @ApiProperty({
    description: 'Unknown users with a verified address of an allowed domain are created as supplier_member',
  })
  createUnknownUsers: boolean;
  @ApiProperty({
    description:
      'Members may sign in only with single sign-on (no password sign-in, reset or invitation passwords)',
  })
  requireSso: boolean;
  @ApiProperty({
    description: 'The redirect URI to register at the identity provider',
    example: 'https://portico.example.com/api/v1/auth/sso/callback',
  })
  redirectUri: string;
  @ApiProperty({ type: Date, nullable: true }) updatedAt: Date | null;
}

export class SsoDiscoveryDto {
  @ApiProperty({ description: 'Whether the address signs in with its company account' }) sso: boolean;
  @ApiPropertyOptional({
    description: 'Where to send the browser to sign in (present when `sso` is true)',
    example: '/api/v1/auth/sso/start?email=ana%40acme.example',
  })
  startUrl?: string;
  @ApiPropertyOptional({
    description: 'Password sign-in is off for this address (present when `sso` is true)',
  })
  required?: boolean;
}

/** `row` is null while the organisation has no settings; `redirectUri` is `SsoSettingsService.redirectUri`. */
export function toSsoSettingsDto(row: OrganizationSso | null, redirectUri: string): SsoSettingsDto {
  return {
    configured: row !== null,
    issuer: row?.issuer ?? null,
    clientId: row?.clientId ?? null,
    clientSecretSet: row !== null,
    emailDomains: row?.emailDomains ?? [],
    createUnknownUsers: row?.createUnknownUsers ?? false,
    requireSso: row?.requireSso ?? false,
    redirectUri,
    updatedAt: row?.updatedAt ?? null,
  };
}
