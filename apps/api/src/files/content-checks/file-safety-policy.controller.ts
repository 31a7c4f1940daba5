import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
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
import { Repository } from 'typeorm';
import { AuthUser, CheckAbility, CurrentUser } from '@portico/auth';
import { RequestMeta, ClientMeta } from '../../audit';
import { UuidParamPipe } from '../../common';
import { WorkspaceSettings, type WorkspaceSetting } from '../../workspaces';
import { ContentVerifier } from './content-verifier';
import {
  FileSafetyPolicy,
  PDF_ACTIVE_CONTENT_POLICIES,
  PDF_EMBEDDED_FILE_POLICIES,
  PdfActiveContentPolicy,
  PdfEmbeddedFilePolicy,
} from './file-safety-policy.entity';

export class FileSafetyPolicyView {
  @ApiProperty({
    enum: PDF_ACTIVE_CONTENT_POLICIES,
    description:
      'PDFs with JavaScript, Launch actions, RichMedia, XFA or uninspectable object streams: refused, or accepted and marked (never previewed inline, PM warned)',
  })
  pdfActiveContent: PdfActiveContentPolicy;

  @ApiProperty({
    enum: PDF_EMBEDDED_FILE_POLICIES,
    description: 'PDFs carrying embedded files: accepted with a warning on the revision, or refused',
  })
  pdfEmbeddedFiles: PdfEmbeddedFilePolicy;
}

export class UpdateFileSafetyPolicyDto {
  @ApiPropertyOptional({ enum: PDF_ACTIVE_CONTENT_POLICIES })
  @IsOptional()
  @IsIn(PDF_ACTIVE_CONTENT_POLICIES)
  pdfActiveContent?: PdfActiveContentPolicy;

  @ApiPropertyOptional({ enum: PDF_EMBEDDED_FILE_POLICIES })
  @IsOptional()
  @IsIn(PDF_EMBEDDED_FILE_POLICIES)
  pdfEmbeddedFiles?: PdfEmbeddedFilePolicy;
}

const uuid = new UuidParamPipe();

/** A workspace's policy for uploads with active content (docs/file-safety.md); its PMs set it. */
@ApiTags('files')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such workspace, or not visible to the caller' })
@Controller('v1/workspaces/:id/file-safety-policy')
export class FileSafetyPolicyController {
  private readonly setting: WorkspaceSetting<FileSafetyPolicyView>;

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
  @ApiOkResponse({ type: FileSafetyPolicyView })
  get(@CurrentUser() user: AuthUser, @Param('id', uuid) workspaceId: string): Promise<FileSafetyPolicyView> {
    return this.settings.read(user, workspaceId, this.setting);
  }

  @Put()
  @CheckAbility('update', 'Workspace')
  @ApiOperation({ summary: 'Change the workspace’s file safety policy (its PMs); audited' })
  @ApiOkResponse({ type: FileSafetyPolicyView })
  @ApiForbiddenResponse({ description: 'Not a PM of this workspace' })
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) workspaceId: string,
    @Body() dto: UpdateFileSafetyPolicyDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<FileSafetyPolicyView> {
    return this.settings.change(user, workspaceId, this.setting, dto, meta);
  }
}
