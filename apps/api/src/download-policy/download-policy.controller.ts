import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CheckAbility, CurrentUser } from '@portico/auth';
import { ClientMeta, RequestMeta } from '../audit';
import { UuidParamPipe } from '../common';
import { WorkspaceSettings, type WorkspaceSetting } from '../workspaces';
import { DownloadPolicyService } from './download-policy.service';
import { UpdateDownloadPolicyDto } from './dto/download-policy-input.dto';
import { DownloadPolicyDto } from './dto/download-policy-response.dto';

const uuid = new UuidParamPipe();

/** A workspace's download policy per file category (docs/file-safety.md); its PMs set it, suppliers read it. */
@ApiTags('files')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such workspace, or not visible to the caller' })
@Controller('v1/workspaces/:id/download-policy')
export class DownloadPolicyController {
  private readonly setting: WorkspaceSetting<DownloadPolicyDto>;

  constructor(
    private readonly settings: WorkspaceSettings,
    policy: DownloadPolicyService,
  ) {
    this.setting = {
      action: 'workspace.download_policy.updated',
      fields: ['drawings', 'attachments'],
      load: (workspaceId) => policy.policyFor(workspaceId),
      save: (workspaceId, next, userId) => policy.save(workspaceId, next, userId),
    };
  }

  @Get()
  @CheckAbility('read', 'Workspace')
  @ApiOperation({ summary: 'How the workspace’s drawings and attachments may be downloaded by suppliers' })
  @ApiOkResponse({ type: DownloadPolicyDto })
  get(@CurrentUser() user: AuthUser, @Param('id', uuid) workspaceId: string): Promise<DownloadPolicyDto> {
    return this.settings.read(user, workspaceId, this.setting);
  }

  @Put()
  @CheckAbility('update', 'Workspace')
  @ApiOperation({ summary: 'Change the workspace’s download policy (its PMs); audited' })
  @ApiOkResponse({ type: DownloadPolicyDto })
  @ApiForbiddenResponse({ description: 'Not a PM of this workspace' })
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) workspaceId: string,
    @Body() dto: UpdateDownloadPolicyDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<DownloadPolicyDto> {
    return this.settings.change(user, workspaceId, this.setting, dto, meta);
  }
}
