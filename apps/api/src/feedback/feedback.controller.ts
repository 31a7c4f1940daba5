import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AuthUser, CheckAbility, CurrentUser } from '@portico/auth';
import { type RequestMeta, ClientMeta } from '../audit';
import { CreateCommentDto, CreateDefectDto } from './dto/feedback-input.dto';
import { DefectQueryDto, FeedbackQueryDto } from './dto/feedback-query.dto';
import {
  CommentDto,
  CommentPageDto,
  DefectDto,
  DefectPageDto,
  toCommentDto,
  toCommentPageDto,
  toDefectDto,
  toDefectPageDto,
} from './dto/feedback-response.dto';
import { FeedbackLookupService } from './feedback-lookups';
import { FeedbackService } from './feedback.service';
import { UuidParamPipe } from '../common';
import { Idempotent } from '../idempotency';

@ApiTags('feedback')
@ApiBearerAuth()
@Controller('v1')
export class FeedbackController {
  constructor(
    private readonly feedback: FeedbackService,
    private readonly lookups: FeedbackLookupService,
  ) {}

  @Get('items/:id/comments')
  @CheckAbility('read', 'Comment')
  @ApiOkResponse({
    type: CommentPageDto,
    description: 'The thread of a shared item, oldest first; suppliers never see internal comments',
  })
  @ApiNotFoundResponse({ description: 'Missing, or not visible to the caller' })
  async listItemComments(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Query() query: FeedbackQueryDto,
  ): Promise<CommentPageDto> {
    const page = await this.feedback.listItemComments(user, id, query.limit ?? 50, query.cursor);
    return toCommentPageDto(page, await this.lookups.forComments(user, page.items));
  }

  @Post('items/:id/comments')
  @Idempotent()
  @CheckAbility('create', 'Comment')
  @ApiCreatedResponse({
    type: CommentDto,
    description:
      'Supplier comments on Jira items are delivered to the Jira issue (sync.state pending → delivered)',
  })
  @ApiNotFoundResponse({ description: 'Missing, or not visible to the caller' })
  @ApiUnprocessableEntityResponse({ description: 'e.g. a supplier posting an internal comment' })
  async addItemComment(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: CreateCommentDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<CommentDto> {
    const comment = await this.feedback.addItemComment(user, id, dto, meta);
    return toCommentDto(comment, await this.lookups.forComments(user, [comment]));
  }

  @Get('workspaces/:id/defects')
  @CheckAbility('read', 'Defect')
  @ApiOkResponse({ type: DefectPageDto, description: 'Newest first' })
  @ApiNotFoundResponse({ description: 'Missing, or not visible to the caller' })
  async listDefects(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Query() query: FeedbackQueryDto,
  ): Promise<DefectPageDto> {
    const page = await this.feedback.listDefects(user, id, query.limit ?? 50, query.cursor);
    return toDefectPageDto(page, await this.lookups.forDefects(user, page.items));
  }

  @Get('defects')
  @CheckAbility('read', 'Defect')
  @ApiOkResponse({
    type: DefectPageDto,
    description:
      'Newest first, across every workspace the caller may read (suppliers: their organisation’s only)',
  })
  async searchDefects(@CurrentUser() user: AuthUser, @Query() query: DefectQueryDto): Promise<DefectPageDto> {
    const { limit, cursor, managed, ...filter } = query;
    const page = await this.feedback.searchDefects(
      user,
      { ...filter, managed: managed === 'true' },
      limit ?? 50,
      cursor,
    );
    return toDefectPageDto(page, await this.lookups.forDefects(user, page.items));
  }

  @Post('workspaces/:id/defects')
  @Idempotent()
  @CheckAbility('create', 'Defect')
  @ApiCreatedResponse({
    type: DefectDto,
    description:
      'Becomes exactly one Jira issue in the workspace project (sync.state pending → delivered with jiraKey)',
  })
  @ApiNotFoundResponse({ description: 'Missing, or not visible to the caller' })
  @ApiUnprocessableEntityResponse({ description: 'A referenced item or file revision is not usable' })
  async createDefect(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: CreateDefectDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<DefectDto> {
    const defect = await this.feedback.createDefect(user, id, dto, meta);
    const { timeline } = await this.feedback.getDefect(user, defect.id);
    return toDefectDto(defect, timeline, await this.lookups.forDefect(user, defect));
  }

  @Get('defects/:id')
  @CheckAbility('read', 'Defect')
  @ApiOkResponse({ type: DefectDto, description: 'With the supplier-facing status timeline' })
  @ApiNotFoundResponse({ description: 'Missing, or not visible to the caller' })
  async getDefect(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<DefectDto> {
    const { defect, timeline } = await this.feedback.getDefect(user, id);
    return toDefectDto(defect, timeline, await this.lookups.forDefect(user, defect));
  }

  @Get('defects/:id/comments')
  @CheckAbility('read', 'Comment')
  @ApiOkResponse({ type: CommentPageDto, description: 'Oldest first; suppliers never see internal comments' })
  @ApiNotFoundResponse({ description: 'Missing, or not visible to the caller' })
  async listDefectComments(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Query() query: FeedbackQueryDto,
  ): Promise<CommentPageDto> {
    const page = await this.feedback.listDefectComments(user, id, query.limit ?? 50, query.cursor);
    return toCommentPageDto(page, await this.lookups.forComments(user, page.items));
  }

  @Post('defects/:id/comments')
  @Idempotent()
  @CheckAbility('create', 'Comment')
  @ApiCreatedResponse({ type: CommentDto })
  @ApiNotFoundResponse({ description: 'Missing, or not visible to the caller' })
  async addDefectComment(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: CreateCommentDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<CommentDto> {
    const comment = await this.feedback.addDefectComment(user, id, dto, meta);
    return toCommentDto(comment, await this.lookups.forComments(user, [comment]));
  }
}
