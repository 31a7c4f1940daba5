import { Controller, Get, HttpStatus, Param, Post, Res } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AuthUser, CheckAbility, CurrentUser } from '@portico/auth';
import type { FastifyReply } from 'fastify';
import { type RequestMeta, ClientMeta } from '../audit';
import { UuidParamPipe } from '../common';
import { CommentDto, JiraCommentListDto, toCommentDto } from './dto/feedback-response.dto';
import { FeedbackLookupService } from './feedback-lookups';
import { JiraCommentCopies } from './jira-comment-copies';

/** The workspace PMs' view of a shared item's Jira comments, and making one of them public. */
@ApiTags('feedback')
@ApiBearerAuth()
@Controller('v1')
export class JiraCommentsController {
  constructor(
    private readonly copies: JiraCommentCopies,
    private readonly lookups: FeedbackLookupService,
  ) {}

  @Get('items/:id/jira-comments')
  @CheckAbility('read', 'Comment')
  @ApiOkResponse({ type: JiraCommentListDto, description: 'Read from Jira now; for the workspace’s PMs' })
  @ApiNotFoundResponse({ description: 'Missing, or not visible to the caller' })
  @ApiForbiddenResponse({ description: 'Not a PM of the workspace (suppliers included)' })
  @ApiUnprocessableEntityResponse({ description: 'The item is not a Jira issue' })
  @ApiBadGatewayResponse({ description: 'Jira could not be read' })
  async list(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<JiraCommentListDto> {
    return { items: await this.copies.list(user, id) };
  }

  @Post('items/:id/jira-comments/:commentId/publish')
  @CheckAbility('read', 'Comment')
  @ApiCreatedResponse({
    type: CommentDto,
    description:
      'The Jira comment becomes a public entry of the thread (source jira); 200 with the same entry when it already is',
  })
  @ApiNotFoundResponse({ description: 'Item or Jira comment missing, or not visible to the caller' })
  @ApiForbiddenResponse({ description: 'Not a PM of the workspace (suppliers included)' })
  @ApiUnprocessableEntityResponse({
    description: 'Restricted in Jira, posted from Portico, or the item is not a Jira issue',
  })
  @ApiBadGatewayResponse({ description: 'Jira could not be read' })
  async publish(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Param('commentId') commentId: string,
    @ClientMeta() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CommentDto> {
    const { comment, created } = await this.copies.publish(user, id, commentId, meta);
    if (!created) reply.status(HttpStatus.OK);
    return toCommentDto(comment, await this.lookups.forComments(user, [comment]));
  }
}
