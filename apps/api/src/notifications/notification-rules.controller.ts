import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AuthUser, CheckAbility, CurrentUser } from '@portico/auth';
import { UuidParamPipe } from '../common';
import { RuleToolInputDto } from './dto/rule-tools-input.dto';
import { RulePreviewDto, RuleStatusListDto, TestSendDto } from './dto/rule-tools-response.dto';
import { RuleToolsService } from './rule-tools.service';

/** The console's rule editor: what each rule last did, a preview of a rule's message, a test send. */
@ApiTags('notifications')
@ApiBearerAuth()
@Controller('v1/workspaces/:id/notification-rules')
export class NotificationRulesController {
  constructor(private readonly tools: RuleToolsService) {}

  @Get('status')
  @CheckAbility('update', 'Workspace')
  @ApiOperation({ summary: "Each rule's last group message: whom it mentioned, and why not the others" })
  @ApiOkResponse({ type: RuleStatusListDto })
  @ApiNotFoundResponse({ description: 'Missing, or not visible to the caller' })
  async status(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<RuleStatusListDto> {
    const items = await this.tools.status(user, id);
    return {
      items: items.map((r) => ({
        index: r.index,
        channels: r.channels.map((c) => ({ ...c, sentAt: new Date(c.sentAt).toISOString() })),
      })),
    };
  }

  @Post('preview')
  @HttpCode(200)
  @CheckAbility('update', 'Workspace')
  @ApiOperation({ summary: 'The Feishu card and DingTalk message the rule would send, for an example event' })
  @ApiOkResponse({ type: RulePreviewDto })
  @ApiNotFoundResponse({ description: 'Missing, or not visible to the caller' })
  async preview(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: RuleToolInputDto,
  ): Promise<RulePreviewDto> {
    return this.tools.preview(user, id, dto.rule);
  }

  @Post('test')
  @HttpCode(202)
  @CheckAbility('update', 'Workspace')
  @ApiOperation({ summary: "Posts the rule's example message to the workspace's configured groups" })
  @ApiAcceptedResponse({ type: TestSendDto })
  @ApiUnprocessableEntityResponse({ description: 'The rule names no configured group' })
  @ApiTooManyRequestsResponse({ description: 'One test per workspace per 30 seconds; see Retry-After' })
  @ApiNotFoundResponse({ description: 'Missing, or not visible to the caller' })
  async test(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: RuleToolInputDto,
  ): Promise<TestSendDto> {
    return this.tools.testSend(user, id, dto.rule);
  }
}
