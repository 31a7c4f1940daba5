import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Repository } from 'typeorm';
import { AuthUser, CheckAbility, CurrentUser } from '@portico/auth';
import { RequestMeta, ClientMeta } from '../../audit';
import { UuidParamPipe } from '../../common';
import { WorkspaceSettings, type WorkspaceSetting } from '../../workspaces';
import { UpdateFileSafetyPolicyDto } from '../dto/file-safety-policy-input.dto';
import { FileSafetyPolicyDto } from '../dto/file-safety-policy-response.dto';
import { ContentVerifier } from './content-verifier';
import { FileSafetyPolicy } from './file-safety-policy.entity';

const uuid = new UuidParamPipe();

/** A workspace's policy for uploads with active content (docs/file-safety.md); its PMs set it. */
@ApiTags('files')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such workspace, or not visible to the caller' })
@Controller('v1/workspaces/:id/file-safety-policy')
export class FileSafetyPolicyController {
  private readonly setting: WorkspaceSetting<FileSafetyPolicyDto>;

  constructor(
    private readonly settings: WorkspaceSettings,
    verifier: ContentVerifier,
    @InjectRepository(FileSafetyPolicy) policies: Repository<FileSafetyPolicy>,
  ) {
    this.setting = {
      action: 'workspace.file_safety_policy.updated',
      fields: ['pdfActiveContent', 'pdfEmbeddedFiles'],
      load: async (workspaceId) => {
        const { pdfActiveContent, pdfEmbeddedFiles } = await verifier.policyFor(workspaceId);
        return { pdfActiveContent, pdfEmbeddedFiles };
      },
      save: async (workspaceId, next, updatedBy) => {
        await policies.upsert({ workspaceId, ...next, updatedBy }, ['workspaceId']);
      },
    };
  }

  @Get()
  @CheckAbility('read', 'Workspace')
  @ApiOperation({ summary: 'The workspace’s policy for PDFs with active content or embedded files' })
  @ApiOkResponse({ type: FileSafetyPolicyDto })
  get(@CurrentUser() user: AuthUser, @Param('id', uuid) workspaceId: string): Promise<FileSafetyPolicyDto> {
    return this.settings.read(user, workspaceId, this.setting);
  }

  @Put()
  @CheckAbility('update', 'Workspace')
  @ApiOperation({ summary: 'Change the workspace’s file safety policy (its PMs); audited' })
  @ApiOkResponse({ type: FileSafetyPolicyDto })
  @ApiForbiddenResponse({ description: 'Not a PM of this workspace' })
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) workspaceId: string,
    @Body() dto: UpdateFileSafetyPolicyDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<FileSafetyPolicyDto> {
    return this.settings.change(user, workspaceId, this.setting, dto, meta);
  }
}
