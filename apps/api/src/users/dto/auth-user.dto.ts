import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LOCALES, ROLES } from '@portico/auth';
import type { Locale, OrgKind, Role } from '@portico/auth';

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
