import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';

/** Every key and value a non-empty string of at most 100 characters, at most 100 entries. */
function IsStatusMap(options?: ValidationOptions) {
  return ValidateBy(
    {
      name: 'isStatusMap',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'object' &&
          value !== null &&
          !Array.isArray(value) &&
          Object.keys(value).length <= 100 &&
          Object.entries(value).every(
            ([k, v]) =>
              k.length > 0 && k.length <= 100 && typeof v === 'string' && v.length > 0 && v.length <= 100,
          ),
        defaultMessage: () =>
          'must map internal status names to supplier-facing names (strings of 1-100 characters)',
      },
    },
    options,
  );
}

export class RedactionRuleDto {
  @ApiProperty({
    example: '\\+?\\d[\\d -]{7,}\\d',
    description: 'Regular expression; nested quantifiers are rejected',
  })
  @IsString()
  @Length(1, 200)
  pattern: string;

  @ApiPropertyOptional({ example: 'i', description: 'Any of i, m, s, u' })
  @IsOptional()
  @Matches(/^[imsu]*$/)
  flags?: string;

  @ApiPropertyOptional({ example: '[redacted]' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  replacement?: string;
}

/** The events of the notifications module; `jira.status_entered:<Jira status>` names the status inline. */
export const NOTIFICATION_EVENTS = [
  'item.version_published',
  'defect.created',
  'defect.status_changed',
  'comment.created',
  'file.revision_available',
  'file.revision_reviewed',
  'jira.status_entered',
  'purchase_order.changed',
  'delivery.confirmation_submitted',
  'delivery.confirmation_decided',
  'item.version_unacknowledged',
  'transmittal.issued',
  'transmittal.responded',
  'transmittal.due_soon',
] as const;
const STATUS_ENTERED = /^jira\.status_entered:\S.{0,99}$/;
export const NOTIFICATION_CHANNELS = ['feishu_chat', 'dingtalk', 'email', 'in_app'] as const;
const MENTION_TARGET =
  /^(assignee|reporter|owner|co_owners|user:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export class NotificationRuleDto {
  @ApiProperty({
    enum: NOTIFICATION_EVENTS,
    description:
      'The event; `jira.status_entered` takes the Jira status in `when.status` or inline as `jira.status_entered:In Testing`',
  })
  @ValidateBy({
    name: 'notificationEvent',
    validator: {
      validate: (v) =>
        typeof v === 'string' &&
        ((NOTIFICATION_EVENTS as readonly string[]).includes(v) || STATUS_ENTERED.test(v)),
      defaultMessage: () =>
        `must be one of ${NOTIFICATION_EVENTS.join(', ')}, or jira.status_entered:<status>`,
    },
  })
  event: string;

  @ApiProperty({ enum: NOTIFICATION_CHANNELS, isArray: true })
  @IsArray()
  @ArrayMaxSize(4)
  @IsIn(NOTIFICATION_CHANNELS, { each: true })
  channels: string[];

  @ApiPropertyOptional({ example: { status: 'In Testing' } })
  @IsOptional()
  @IsStatusMap({ message: 'must be an object of short strings' })
  when?: Record<string, string>;

  @ApiPropertyOptional({
    type: [String],
    example: ['In Testing', '测试中'],
    description: 'jira.status_entered: the Jira status names (any language, matched case-insensitively)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  statuses?: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['assignee', 'owner'],
    description:
      'Who the Feishu/DingTalk group message @-mentions: assignee, reporter, owner, co_owners or user:<internal user id>',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(MENTION_TARGET, {
    each: true,
    message: 'each must be assignee, reporter, owner, co_owners or user:<id>',
  })
  mention?: string[];

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 365,
    description: 'item.version_unacknowledged: days after publication without an acknowledgement (default 3)',
  })
  @IsOptional()
  @ValidateBy({
    name: 'afterDays',
    validator: {
      validate: (v) => Number.isInteger(v) && v >= 1 && v <= 365,
      defaultMessage: () => 'must be an integer from 1 to 365',
    },
  })
  afterDays?: number;
}

export class CreateWorkspaceDto {
  @ApiProperty({ example: 'Acme — gearbox programme' })
  @IsString()
  @Length(1, 200)
  name: string;

  @ApiProperty({ format: 'uuid', description: 'The supplier organisation this workspace is shared with' })
  @IsUUID()
  supplierOrgId: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Admins may create on behalf of a PM; defaults to the caller',
  })
  @IsOptional()
  @IsUUID()
  ownerId?: string;

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  coOwnerIds?: string[];

  @ApiPropertyOptional({ example: 'HW' })
  @IsOptional()
  @Matches(/^[A-Z][A-Z0-9_]{0,31}$/, { message: 'must be a Jira project key such as HW' })
  jiraProjectKey?: string;

  @ApiPropertyOptional({
    example: 'Bug',
    default: 'Bug',
    description: 'Issue type (name) of the Jira issues created from defect reports; null resets it to Bug',
  })
  @IsOptional()
  @Matches(/^[^\p{Cc}]{1,64}$/u, { message: 'must be a Jira issue type name of 1-64 characters' })
  @Matches(/\S/, { message: 'must not be blank' })
  jiraIssueType?: string;

  @ApiPropertyOptional({
    example: 'labels = acme',
    description: 'Always AND-ed with the project; issues outside it are never offered',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  jiraScopeJql?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,128}$/, { message: 'must be a Feishu folder token' })
  feishuFolderToken?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,128}$/, { message: 'must be a Feishu chat id' })
  feishuChatId?: string;

  @ApiPropertyOptional({
    description:
      'DingTalk robot webhook URL (internal only). Egress policy: https (http outside production), host oapi.dingtalk.com only, checked again at delivery; anything else is a 400 naming this field',
    example: 'https://oapi.dingtalk.com/robot/send?access_token=…',
  })
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_tld: false })
  @MaxLength(1000)
  dingtalkWebhook?: string;

  @ApiPropertyOptional({ description: 'DingTalk robot signing secret (write-only)' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  dingtalkSecret?: string;

  @ApiPropertyOptional({
    example: ['summary', 'status', 'dueDate'],
    description: 'Default field allowlist of new items',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  defaultFields?: string[];

  @ApiPropertyOptional({ example: { 'Code Review': 'In progress' } })
  @IsOptional()
  @IsObject()
  @IsStatusMap()
  statusMap?: Record<string, string>;

  @ApiPropertyOptional({ type: [RedactionRuleDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => RedactionRuleDto)
  redactionRules?: RedactionRuleDto[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  autoPublish?: boolean;

  @ApiPropertyOptional({ type: [NotificationRuleDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => NotificationRuleDto)
  notificationRules?: NotificationRuleDto[];

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 365,
    default: 5,
    description: 'The console home counts a version not acknowledged after this many days',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  acknowledgeWithinDays?: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'Supplier access ends at this moment' })
  @IsOptional()
  @IsDateString({ strict: true })
  accessExpiresAt?: string;
}

/** The supplier organisation and owner are fixed: moving a workspace would hand its history to someone else. Null clears a field. */
export class UpdateWorkspaceDto extends PartialType(
  OmitType(CreateWorkspaceDto, ['supplierOrgId', 'ownerId'] as const),
) {
  @ApiPropertyOptional({
    description: 'true archives the workspace (suppliers lose access at once), false restores it',
  })
  @IsOptional()
  @IsBoolean()
  archived?: boolean;

  @ApiPropertyOptional({
    description: 'true dismisses the field notice (fieldNotice) once the PM has dealt with it',
  })
  @IsOptional()
  @IsBoolean()
  dismissFieldNotice?: boolean;
}
