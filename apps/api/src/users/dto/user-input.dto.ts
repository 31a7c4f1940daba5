import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { LOCALES, ROLES } from '@portico/auth';
import type { Locale, Role } from '@portico/auth';

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

  // Who trigger rules @-mention (internal users only; admins only). null clears a mapping.
  @ApiPropertyOptional({ type: String, nullable: true, example: 'ou_7d8a6e6df7621556ce0d21922b676706' })
  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @Matches(/^ou_[A-Za-z0-9]{1,100}$/, { message: 'must be a Feishu open_id (ou_…)' })
  feishuOpenId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '13800000000' })
  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @Matches(/^\+?[0-9][0-9-]{5,30}$/, { message: 'must be a mobile number' })
  dingtalkMobile?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'manager4321' })
  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'must be a DingTalk user id (letters, digits, - and _)' })
  dingtalkUserId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '5f1a7c2e9d0b4a0069a1b001' })
  @ValidateIf((_o, v) => v !== null)
  @IsOptional()
  @Matches(/^[A-Za-z0-9:_-]{1,128}$/, { message: 'must be a Jira account id' })
  jiraAccountId?: string | null;
}

/** The fields of UpdateUserDto that map a user to their Feishu, DingTalk and Jira identities. */
export const MENTION_FIELDS = ['feishuOpenId', 'dingtalkMobile', 'dingtalkUserId', 'jiraAccountId'] as const;

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
