import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CheckAbility, CurrentUser } from '@portico/auth';
import { type RequestMeta, ClientMeta } from '../audit';
import { CreateWorkspaceDto, UpdateWorkspaceDto } from './dto/workspace-input.dto';
import { WorkspaceQueryDto } from './dto/workspace-query.dto';
import {
  SupplierWorkspaceDto,
  toSupplierWorkspaceDto,
  toWorkspaceDto,
  toWorkspaceDtoFor,
  toWorkspaceListEntryDto,
  WorkspaceDto,
  WorkspacePageDto,
} from './dto/workspace-response.dto';
import { WorkspaceCountsService } from './workspace-counts.service';
import { WorkspacesService } from './workspaces.service';
import { UuidParamPipe } from '../common';

@ApiTags('workspaces')
@ApiBearerAuth()
@Controller('v1/workspaces')
export class WorkspacesController {
  constructor(
    private readonly workspaces: WorkspacesService,
    private readonly counts: WorkspaceCountsService,
  ) {}

  @Get()
  @CheckAbility('read', 'Workspace')
  @ApiOkResponse({
    type: WorkspacePageDto,
    description:
      'Workspaces the caller may read; suppliers see only live ones of their organisation. Internal users get ' +
      'per-workspace counts of pending drafts and failed sync jobs, read in one grouped query per page',
  })
  async list(@CurrentUser() user: AuthUser, @Query() query: WorkspaceQueryDto): Promise<WorkspacePageDto> {
    const page = await this.workspaces.list(user, query.limit ?? 50, query.cursor);
    if (user.orgKind === 'supplier')
      return { items: page.items.map(toSupplierWorkspaceDto), nextCursor: page.nextCursor };
    const counts = await this.counts.countsFor(
      user,
      page.items.map((ws) => ws.id),
    );
    return {
      items: page.items.map((ws) => toWorkspaceListEntryDto(ws, counts.get(ws.id))),
      nextCursor: page.nextCursor,
    };
  }

  @Post()
  @CheckAbility('create', 'Workspace')
  @ApiCreatedResponse({ type: WorkspaceDto })
  async create(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateWorkspaceDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<WorkspaceDto> {
    return toWorkspaceDto(await this.workspaces.create(user, dto, meta));
  }

  @Get(':id')
  @CheckAbility('read', 'Workspace')
  @ApiOkResponse({ type: WorkspaceDto, description: 'Supplier callers get the SupplierWorkspaceDto shape' })
  @ApiNotFoundResponse({ description: 'Missing, or not visible to the caller' })
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
  ): Promise<WorkspaceDto | SupplierWorkspaceDto> {
    return toWorkspaceDtoFor(user, await this.workspaces.getAccessible(user, id));
  }

  @Patch(':id')
  @HttpCode(200)
  @CheckAbility('update', 'Workspace')
  @ApiOkResponse({ type: WorkspaceDto })
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: UpdateWorkspaceDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<WorkspaceDto> {
    return toWorkspaceDto(await this.workspaces.update(user, id, dto, meta));
  }
}
