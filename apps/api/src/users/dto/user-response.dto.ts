import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Feishu open_id (internal users)' })
  feishuOpenId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'DingTalk mobile (internal users)' })
  dingtalkMobile: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'DingTalk user id (internal users)' })
  dingtalkUserId: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Jira account id (internal users)' })
  jiraAccountId: string | null;
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) items: UserDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export function toUserDto(user: User): UserDto {
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
    feishuOpenId: user.feishuOpenId ?? null,
    dingtalkMobile: user.dingtalkMobile ?? null,
    dingtalkUserId: user.dingtalkUserId ?? null,
    jiraAccountId: user.jiraAccountId ?? null,
  };
}
