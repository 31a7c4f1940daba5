import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CheckAbility, CurrentUser } from '@portico/auth';
import { type RequestMeta, ClientMeta } from '../audit';
import { PageQueryDto, UuidParamPipe } from '../common';
import { Idempotent } from '../idempotency';
import {
  ContentReceiptDto,
  CreateTransmittalDto,
  RespondersDto,
  TransmittalResponseInputDto,
  TransmittalSettingsInputDto,
  UpdateTransmittalDto,
} from './dto/transmittal-input.dto';
import { SupplierTransmittalQueryDto, WorkspaceTransmittalQueryDto } from './dto/transmittal-query.dto';
import {
  ReceiptMatrixDto,
  RespondersOutDto,
  toRespondersOutDto,
  toTransmittalDto,
  toTransmittalPageDto,
  TransmittalDto,
  TransmittalPageDto,
  TransmittalSettingsDto,
} from './dto/transmittal-response.dto';
import { TransmittalReceiptsService } from './transmittal-receipts.service';
import { TransmittalSettingsService } from './transmittal-settings.service';
import { TransmittalsService } from './transmittals.service';

@ApiTags('transmittals')
@ApiBearerAuth()
@Controller('v1')
export class TransmittalsController {
  constructor(
    private readonly transmittals: TransmittalsService,
    private readonly receipts: TransmittalReceiptsService,
    private readonly settings: TransmittalSettingsService,
  ) {}

  @Get('workspaces/:id/transmittals')
  @CheckAbility('read', 'Transmittal')
  @ApiOkResponse({ type: TransmittalPageDto, description: 'Newest first; suppliers see issued ones only' })
  @ApiNotFoundResponse({ description: 'Workspace missing or not visible' })
  async listForWorkspace(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Query() query: WorkspaceTransmittalQueryDto,
  ): Promise<TransmittalPageDto> {
    return toTransmittalPageDto(
      await this.transmittals.listForWorkspace(user, id, {
        status: query.status,
        limit: query.limit ?? 50,
        cursor: query.cursor,
      }),
    );
  }

  @Post('workspaces/:id/transmittals')
  // A retried creation must not take a second number.
  @Idempotent()
  @CheckAbility('create', 'Transmittal')
  @ApiCreatedResponse({ type: TransmittalDto, description: 'A draft with the next number of the workspace' })
  @ApiBadRequestResponse({ description: 'Names the field, e.g. contents[1].revisionSeq' })
  @ApiNotFoundResponse({ description: 'Workspace missing or not visible' })
  async create(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: CreateTransmittalDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<TransmittalDto> {
    return toTransmittalDto(await this.transmittals.create(user, id, dto, meta));
  }

  @Get('workspaces/:id/transmittal-settings')
  @CheckAbility('read', 'Workspace')
  @ApiOkResponse({ type: TransmittalSettingsDto })
  async getSettings(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<TransmittalSettingsDto> {
    return this.settings.get(user, id);
  }

  @Put('workspaces/:id/transmittal-settings')
  @CheckAbility('update', 'Transmittal')
  @ApiOkResponse({ type: TransmittalSettingsDto })
  @ApiBadRequestResponse({ description: 'Names the field, e.g. reviewCodes[2].code' })
  async putSettings(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: TransmittalSettingsInputDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<TransmittalSettingsDto> {
    return this.settings.put(user, id, dto, meta);
  }

  @Get('transmittals/overdue')
  @CheckAbility('update', 'Transmittal')
  @ApiOkResponse({
    type: TransmittalPageDto,
    description: 'Issued, asking for a response, past due and unanswered, in workspaces the caller manages',
  })
  async overdue(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<TransmittalPageDto> {
    return toTransmittalPageDto(
      await this.transmittals.overdue(user, { limit: query.limit ?? 50, cursor: query.cursor }),
    );
  }

  @Get('transmittals')
  @CheckAbility('read', 'Transmittal')
  @ApiOkResponse({
    type: TransmittalPageDto,
    description: "The supplier inbox: issued transmittals of the caller's organisation",
  })
  async inbox(
    @CurrentUser() user: AuthUser,
    @Query() query: SupplierTransmittalQueryDto,
  ): Promise<TransmittalPageDto> {
    return toTransmittalPageDto(
      await this.receipts.inbox(user, {
        state: query.state,
        workspaceId: query.workspaceId,
        limit: query.limit ?? 50,
        cursor: query.cursor,
      }),
    );
  }

  @Get('transmittals/:id')
  @CheckAbility('read', 'Transmittal')
  @ApiOkResponse({ type: TransmittalDto, description: "A supplier user's first open is recorded" })
  @ApiNotFoundResponse({ description: 'Missing, not visible, or (suppliers) not issued' })
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @ClientMeta() meta: RequestMeta,
  ): Promise<TransmittalDto> {
    return toTransmittalDto(await this.receipts.open(user, id, meta));
  }

  @Patch('transmittals/:id')
  @CheckAbility('update', 'Transmittal')
  @ApiOkResponse({ type: TransmittalDto })
  @ApiConflictResponse({ description: 'Issued: an issued transmittal never changes' })
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateTransmittalDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<TransmittalDto> {
    return toTransmittalDto(await this.transmittals.update(user, id, dto, meta));
  }

  @Delete('transmittals/:id')
  @HttpCode(204)
  @CheckAbility('delete', 'Transmittal')
  @ApiNoContentResponse({ description: 'The draft is gone; its number is not reused' })
  @ApiConflictResponse({ description: 'Issued' })
  async remove(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @ClientMeta() meta: RequestMeta,
  ): Promise<void> {
    await this.transmittals.remove(user, id, meta);
  }

  @Post('transmittals/:id/issue')
  @HttpCode(200)
  @CheckAbility('publish', 'Transmittal')
  @ApiOkResponse({
    type: TransmittalDto,
    description: 'Frozen, announced to the supplier and written to Jira',
  })
  @ApiBadRequestResponse({
    description: 'No contents, a due date missing or passed, a content no longer available',
  })
  @ApiConflictResponse({ description: 'Not a draft' })
  async issue(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @ClientMeta() meta: RequestMeta,
  ): Promise<TransmittalDto> {
    return toTransmittalDto(await this.transmittals.issue(user, id, meta));
  }

  @Get('transmittals/:id/receipts')
  @CheckAbility('update', 'Transmittal')
  @ApiOkResponse({
    type: ReceiptMatrixDto,
    description: 'Who opened, downloaded, previewed and acknowledged what',
  })
  async matrix(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<ReceiptMatrixDto> {
    return this.receipts.matrix(user, id);
  }

  @Post('transmittals/:id/acknowledge')
  @HttpCode(200)
  @CheckAbility('acknowledge', 'Transmittal')
  @ApiOkResponse({ type: TransmittalDto, description: 'Idempotent; the first acknowledgement is kept' })
  async acknowledge(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @ClientMeta() meta: RequestMeta,
  ): Promise<TransmittalDto> {
    return toTransmittalDto(await this.receipts.acknowledge(user, id, meta));
  }

  @Post('transmittals/:id/contents/:contentId/receipts')
  @HttpCode(204)
  @CheckAbility('read', 'Transmittal')
  @ApiNoContentResponse({ description: 'Recorded once per user, document and action; repeats are counted' })
  async contentReceipt(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Param('contentId', UuidParamPipe) contentId: string,
    @Body() dto: ContentReceiptDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<void> {
    await this.receipts.recordContent(user, id, contentId, dto.action, meta);
  }

  @Put('transmittals/:id/responders')
  @CheckAbility('acknowledge', 'Transmittal')
  @ApiOkResponse({ type: RespondersOutDto })
  @ApiForbiddenResponse({ description: 'Not a supplier administrator' })
  async setResponders(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: RespondersDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<RespondersOutDto> {
    return toRespondersOutDto(await this.receipts.setResponders(user, id, dto.userIds, meta));
  }

  @Get('transmittals/:id/responders')
  @CheckAbility('read', 'Transmittal')
  @ApiOkResponse({ type: RespondersOutDto })
  async getResponders(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<RespondersOutDto> {
    const t = await this.transmittals.load(user, id);
    return toRespondersOutDto(await this.receipts.responders(t.id));
  }

  @Post('transmittals/:id/response')
  @HttpCode(200)
  @CheckAbility('acknowledge', 'Transmittal')
  @ApiOkResponse({ type: TransmittalDto, description: 'Status responded; read-only from now on' })
  @ApiBadRequestResponse({ description: 'Names the field, e.g. contents[0].code' })
  @ApiForbiddenResponse({ description: 'Neither a supplier administrator nor a named responder' })
  @ApiConflictResponse({ description: 'Answered already, superseded, or asking for no response' })
  async respond(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: TransmittalResponseInputDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<TransmittalDto> {
    return toTransmittalDto(await this.receipts.respond(user, id, dto.contents, meta));
  }
}
