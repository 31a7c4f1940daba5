import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AuthUserDto } from './auth-user.dto';

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
