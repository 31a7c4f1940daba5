import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { AuthUser, CheckAbility, CurrentUser } from '@portico/auth';
import { ClientMeta, RequestMeta } from '../audit';
import { UuidParamPipe } from '../common';
import { WorkspaceSettings, type WorkspaceSetting } from '../workspaces';
import { DOWNLOAD_MODES, DownloadMode } from './download-policy.entity';
import { DownloadPolicyService } from './download-policy.service';

const MODE_DESCRIPTION =
  'For supplier users: `original` downloads the stored file; `watermarked` delivers a copy stamped with ' +
  'their organisation, email, UTC time and revision (PDF, PNG and JPEG, each in its own format; other ' +
  'formats are not offered); `view_only` refuses downloads (403) and previews the stamped copy. Internal users always get originals.';

export class DownloadPolicyView {
  @ApiProperty({
    enum: DOWNLOAD_MODES,
    description: `Drawings (every file not uploaded for a defect). ${MODE_DESCRIPTION}`,
  })
  drawings: DownloadMode;

  @ApiProperty({
    enum: DOWNLOAD_MODES,
    description: `Attachments: defect report attachments and Jira attachments of shared items. ${MODE_DESCRIPTION}`,
  })
  attachments: DownloadMode;
}

export class UpdateDownloadPolicyDto {
  @ApiPropertyOptional({ enum: DOWNLOAD_MODES })
  @IsOptional()
  @IsIn(DOWNLOAD_MODES)
  drawings?: DownloadMode;

  @ApiPropertyOptional({ enum: DOWNLOAD_MODES })
  @IsOptional()
  @IsIn(DOWNLOAD_MODES)
  attachments?: DownloadMode;
}

const uuid = new UuidParamPipe();

/** A workspace's download policy per file category (docs/file-safety.md); its PMs set it, suppliers read it. */
@ApiTags('files')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such workspace, or not visible to the caller' })
@Controller('v1/workspaces/:id/download-policy')
export class DownloadPolicyController {
  private readonly setting: WorkspaceSetting<DownloadPolicyView>;

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
  @ApiOkResponse({ type: DownloadPolicyView })
  get(@CurrentUser() user: AuthUser, @Param('id', uuid) workspaceId: string): Promise<DownloadPolicyView> {
    return this.settings.read(user, workspaceId, this.setting);
  }

  @Put()
  @CheckAbility('update', 'Workspace')
  @ApiOperation({ summary: 'Change the workspace’s download policy (its PMs); audited' })
  @ApiOkResponse({ type: DownloadPolicyView })
  @ApiForbiddenResponse({ description: 'Not a PM of this workspace' })
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) workspaceId: string,
    @Body() dto: UpdateDownloadPolicyDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<DownloadPolicyView> {
    return this.settings.change(user, workspaceId, this.setting, dto, meta);
  }
}
