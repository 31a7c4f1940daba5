import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LOCALES, ROLES } from '@portico/auth';
import type { AuthUser, Locale, OrgKind, Role } from '@portico/auth';
import type { User } from '../entities/user.entity';

/** The signed-in user as sign-in answers and `GET /me` describe them. */
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

export class MeOrganizationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['internal', 'supplier'] }) kind: 'internal' | 'supplier';
  @ApiProperty({ description: 'Members must enrol TOTP' }) requireMfa: boolean;
}

export class MeDto extends AuthUserDto {
  @ApiProperty() mfaEnabled: boolean;
  @ApiProperty({ type: MeOrganizationDto }) organization: MeOrganizationDto;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      'Internal users only (absent for suppliers): the Jira site, for links to issues as `<site>/browse/<KEY>`; null when Jira is not configured',
    example: 'https://acme.atlassian.net',
  })
  jiraSiteUrl?: string | null;
  @ApiProperty({
    description:
      "The caller's CASL rules, packed (`unpackRules` from @casl/ability/extra, then `createMongoAbility`)",
    type: 'array',
    items: { type: 'array', items: {} },
  })
  rules: unknown[];
}

/** `GET /me`: the user (with its organization) as `toAuthUser` makes them, and what only the caller sees. */
export function toMeDto(
  user: User,
  authUser: AuthUser,
  extra: { jiraSiteUrl: string | null; rules: unknown[] },
): MeDto {
  const { id, name, kind, requireMfa } = user.organization!;
  return {
    ...authUser,
    mfaEnabled: user.totpEnabledAt !== null,
    organization: { id, name, kind, requireMfa },
    // Staff link Jira keys to their issues; suppliers never learn where the company's Jira lives.
    ...(kind === 'internal' ? { jiraSiteUrl: extra.jiraSiteUrl } : {}),
    rules: extra.rules,
  };
}
