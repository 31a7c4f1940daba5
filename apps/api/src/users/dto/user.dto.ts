import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { LOCALES, ROLES } from '@portico/auth';
import type { Locale, Role, UserStatus } from '@portico/auth';
import type { User } from '../entities/user.entity';

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) orgId: string;
  @ApiProperty() email: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ enum: ['invited', 'active', 'disabled'] }) status: UserStatus;
  @ApiProperty({ enum: LOCALES }) locale: Locale;
  @ApiProperty() mfaEnabled: boolean;
  @ApiProperty() createdAt: Date;

  static of(user: User): UserDto {
    return {
      id: user.id,
      orgId: user.orgId,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      status: user.status,
      locale: user.locale,
      mfaEnabled: user.totpEnabledAt !== null,
      createdAt: user.createdAt,
    };
  }
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) items: UserDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

/** What an administrator may change on another account; anything else is refused (400). */
export class UpdateUserDto {
  @ApiPropertyOptional({ enum: ['active', 'disabled'] })
  @IsOptional()
  @IsIn(['active', 'disabled'])
  status?: 'active' | 'disabled';

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;
}

/** What users change on themselves. */
export class UpdateMeDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  displayName?: string;

  @ApiPropertyOptional({ enum: LOCALES })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MaxLength(256)
  currentPassword: string;

  @ApiProperty({
    minLength: 12,
    description: 'At least 12 characters and not one of the 1000 most common passwords',
  })
  @IsString()
  @MaxLength(256)
  newPassword: string;
}
