import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { RouteSchema } from '@nestjs/platform-fastify';
import { AuthUser, CheckAbility, CurrentUser } from '@portico/auth';
import { type RequestMeta, ClientMeta } from '../audit';
import { AddItemDto, PublishDto, UpdateItemDto } from './dto/item-input.dto';
import { DiffQueryDto, ItemQueryDto } from './dto/item-query.dto';
import {
  AcknowledgementDto,
  DiffDto,
  DraftDto,
  InternalItemDto,
  ItemDetailDto,
  ItemPageDto,
  SnapshotDto,
  SupplierItemDto,
  toAcknowledgementDto,
  toDraftDto,
  toInternalItemDto,
  toSupplierItemDto,
  toVersionDto,
  toVersionSummaryDto,
  VersionDto,
  VersionPageDto,
} from './dto/item-response.dto';
import { ItemListService } from './item-list.service';
import { SharingService } from './sharing.service';
import { IntParamPipe, PageQueryDto, UuidParamPipe } from '../common';

const positiveInt = new IntParamPipe({ errorHttpStatusCode: 400 });

const nullableString = { type: ['string', 'null'] };
/**
 * The list page as JSON schema (SupplierItemDto and InternalItemDto; the internal fields are simply
 * absent for suppliers), so Fastify serialises the suppliers' hot path with its compiled serializer
 * instead of JSON.stringify. Keep it in step with dto/item-response.dto.ts.
 */
const ITEM_PAGE_SCHEMA = {
  type: 'object',
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string' },
          workspaceId: { type: 'string' },
          type: { type: 'string' },
          title: nullableString,
          status: nullableString,
          latestVersion: { type: 'number' },
          lastPublishedAt: nullableString,
          dueDate: nullableString,
          priority: nullableString,
          overdue: { type: 'boolean' },
          lastSeenVersion: { type: 'number' },
          unseenChanges: { type: 'number' },
          sourceRef: { type: 'string' },
          fields: { type: 'array', items: { type: 'string' } },
          redactionRules: { type: 'array', items: { type: 'object', additionalProperties: true } },
          hasDraft: { type: 'boolean' },
          flag: nullableString,
          withdrawnAt: nullableString,
          createdAt: { type: 'string' },
        },
      },
    },
    nextCursor: nullableString,
  },
};

@ApiTags('sharing')
@ApiBearerAuth()
@Controller('v1')
export class ItemsController {
  constructor(
    private readonly sharing: SharingService,
    private readonly itemList: ItemListService,
  ) {}

  @Get('workspaces/:id/items')
  @RouteSchema({ response: { 200: ITEM_PAGE_SCHEMA } })
  @CheckAbility('read', 'SharedItem')
  @ApiOkResponse({
    type: ItemPageDto,
    description:
      'Sorted by last publication, newest first (or by shared due date with sort=dueDate); suppliers see published, non-withdrawn items of live workspaces',
  })
  @ApiNotFoundResponse({ description: 'Workspace missing or not visible' })
  async list(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Query() query: ItemQueryDto,
  ): Promise<ItemPageDto> {
    const page = await this.itemList.listItems(user, id, {
      ...query,
      unseen: query.unseen === 'true',
      overdue: query.overdue === 'true',
    });
    const view = user.orgKind === 'supplier' ? toSupplierItemDto : toInternalItemDto;
    return { items: page.items.map((row) => view(row, row.lastSeenVersion)), nextCursor: page.nextCursor };
  }

  @Post('workspaces/:id/items')
  @CheckAbility('create', 'SharedItem')
  @ApiCreatedResponse({
    type: InternalItemDto,
    description: 'Shared, not yet published (unless the workspace auto-publishes)',
  })
  async add(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: AddItemDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<InternalItemDto> {
    return toInternalItemDto(await this.sharing.addItem(user, id, dto, meta), 0);
  }

  @Get('items/:id')
  @CheckAbility('read', 'SharedItem')
  @ApiOkResponse({ type: ItemDetailDto })
  @ApiNotFoundResponse()
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<SupplierItemDto | ItemDetailDto> {
    const detail = await this.sharing.getItem(user, id);
    const base = detail.supplierView
      ? toSupplierItemDto(detail.item, detail.lastSeenVersion)
      : toInternalItemDto(detail.item, detail.lastSeenVersion);
    return { ...base, snapshot: detail.snapshot };
  }

  @Patch('items/:id')
  @CheckAbility('update', 'SharedItem')
  @ApiOkResponse({
    type: InternalItemDto,
    description: 'Allowlist or rules changed; the draft is recomputed from the source',
  })
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateItemDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<InternalItemDto> {
    return toInternalItemDto(await this.sharing.updateItem(user, id, dto, meta), 0);
  }

  @Delete('items/:id')
  @HttpCode(204)
  @CheckAbility('update', 'SharedItem')
  @ApiNoContentResponse({ description: 'Withdrawn: suppliers get 404 from now on; history stays for audit' })
  async withdraw(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @ClientMeta() meta: RequestMeta,
  ): Promise<void> {
    await this.sharing.withdraw(user, id, meta);
  }

  @Get('items/:id/preview')
  @CheckAbility('update', 'SharedItem')
  @ApiOkResponse({ type: SnapshotDto, description: 'Exactly what the supplier would see if published now' })
  preview(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<SnapshotDto> {
    return this.sharing.preview(user, id);
  }

  @Post('items/:id/publish')
  @CheckAbility('update', 'SharedItem')
  @ApiCreatedResponse({
    type: VersionDto,
    description: 'The new immutable version N+1; 409 when nothing changed',
  })
  async publish(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: PublishDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<VersionDto> {
    return toVersionDto(await this.sharing.publish(user, id, dto.note, meta), false);
  }

  @Get('items/:id/versions')
  @CheckAbility('read', 'SharedItem')
  @ApiOkResponse({ type: VersionPageDto, description: 'Newest first' })
  async versions(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Query() query: PageQueryDto,
  ): Promise<VersionPageDto> {
    const page = await this.sharing.listVersions(user, id, query.limit ?? 50, query.cursor);
    return {
      items: page.items.map((v) => toVersionSummaryDto(v.version, v.acknowledged)),
      nextCursor: page.nextCursor,
    };
  }

  @Get('items/:id/versions/:n')
  @CheckAbility('read', 'SharedItem')
  @ApiOkResponse({ type: VersionDto, description: 'Opening a version marks it seen for the caller' })
  async version(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Param('n', positiveInt) n: number,
    @ClientMeta() meta: RequestMeta,
  ): Promise<VersionDto> {
    const { version, acknowledged } = await this.sharing.getVersion(user, id, n, meta);
    return toVersionDto(version, acknowledged);
  }

  @Get('items/:id/diff')
  @CheckAbility('read', 'SharedItem')
  @ApiOkResponse({ type: DiffDto, description: 'Field-level changes, with a word-level diff of text' })
  async diff(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Query() query: DiffQueryDto,
  ): Promise<DiffDto> {
    return {
      from: query.from,
      to: query.to,
      changes: await this.sharing.diff(user, id, query.from, query.to),
    };
  }

  @Get('items/:id/draft')
  @CheckAbility('read', 'SharedItem')
  @ApiOkResponse({
    type: DraftDto,
    description: 'Pending changes from the source, with a diff against the latest version',
  })
  @ApiNotFoundResponse({ description: 'No draft, or not visible (suppliers never see drafts)' })
  async draft(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<DraftDto> {
    return toDraftDto(await this.sharing.getDraft(user, id));
  }

  @Delete('items/:id/draft')
  @HttpCode(204)
  // Checked on the item: suppliers get the same 404 as for a missing one, never a hint that drafts exist.
  @CheckAbility('read', 'SharedItem')
  @ApiNoContentResponse({
    description:
      'Discarded: the published versions stay as they are; the next change in the source makes a new draft',
  })
  @ApiNotFoundResponse({ description: 'No draft, or not visible' })
  async discardDraft(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @ClientMeta() meta: RequestMeta,
  ): Promise<void> {
    await this.sharing.discardDraft(user, id, meta);
  }

  @Post('items/:id/versions/:n/acknowledgements')
  @CheckAbility('acknowledge', 'ItemVersion')
  @ApiCreatedResponse({
    type: AcknowledgementDto,
    description: 'Idempotent: acknowledging twice keeps the first moment',
  })
  async acknowledge(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Param('n', positiveInt) n: number,
    @ClientMeta() meta: RequestMeta,
  ): Promise<AcknowledgementDto> {
    const ack = await this.sharing.acknowledge(user, id, n, meta);
    return toAcknowledgementDto({ version: n, userId: ack.userId, at: ack.at });
  }

  @Get('items/:id/acknowledgements')
  @CheckAbility('update', 'SharedItem')
  @ApiOkResponse({ type: [AcknowledgementDto], description: 'Who acknowledged which version (owner view)' })
  async acknowledgements(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<AcknowledgementDto[]> {
    return (await this.sharing.listAcknowledgements(user, id)).map(toAcknowledgementDto);
  }
}
