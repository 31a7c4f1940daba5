import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const NOT_MENTIONED_REASONS = [
  'no_feishu_account',
  'no_dingtalk_account',
  'no_portico_user',
  'no_jira_person',
  'not_internal',
];

export class NotMentionedDto {
  @ApiProperty() name: string;
  @ApiProperty({ description: 'assignee, reporter, owner, co_owners or user:<id>' }) target: string;
  @ApiProperty({ enum: NOT_MENTIONED_REASONS }) reason: string;
  @ApiProperty({ example: 'not mentioned: no Feishu account linked' }) message: string;
}

export class RuleChannelStatusDto {
  @ApiProperty({ enum: ['feishu_chat', 'dingtalk'] }) channel: string;
  @ApiProperty({ format: 'date-time', description: 'When the rule last posted to this group' })
  sentAt: string;
  @ApiProperty({ type: [String], description: 'Names of the people it @-mentioned' }) mentioned: string[];
  @ApiProperty({ type: [NotMentionedDto] }) notMentioned: NotMentionedDto[];
}

export class RuleStatusDto {
  @ApiProperty({ description: "Position of the rule in the workspace's notificationRules" }) index: number;
  @ApiProperty({ type: [RuleChannelStatusDto] }) channels: RuleChannelStatusDto[];
}

export class RuleStatusListDto {
  @ApiProperty({ type: [RuleStatusDto] }) items: RuleStatusDto[];
}

export class PreviewMentionDto {
  @ApiProperty() name: string;
  @ApiProperty() target: string;
  @ApiProperty({ enum: ['feishu_chat', 'dingtalk'] }) channel: string;
  @ApiProperty() mentioned: boolean;
  @ApiPropertyOptional({ enum: NOT_MENTIONED_REASONS }) reason?: string;
  @ApiPropertyOptional({ example: 'not mentioned: no Feishu account linked' }) message?: string;
}

export class RulePreviewDto {
  @ApiProperty({ enum: ['en', 'zh-CN'] }) locale: string;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'The Feishu card (JSON 1.0) as it would be sent',
  })
  feishuCard?: Record<string, unknown>;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'The DingTalk robot markdown message (title, text, at) as it would be sent',
  })
  dingtalk?: Record<string, unknown>;
  @ApiProperty({ type: [PreviewMentionDto] }) mentions: PreviewMentionDto[];
}

export class TestSendDto {
  @ApiProperty({
    type: [String],
    enum: ['feishu_chat', 'dingtalk'],
    description: 'Groups the test was queued for',
  })
  queued: string[];
}
