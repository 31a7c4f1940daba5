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
import { AuditService, RequestMeta, ClientMeta } from '../../audit';
import { UuidParamPipe } from '../../common';
import { WorkspacesService } from '../../workspaces';
import { ContentVerifier } from './content-verifier';
import {
  FileSafetyPolicy,
  PDF_ACTIVE_CONTENT_POLICIES,
  PDF_EMBEDDED_FILE_POLICIES,
  PdfActiveContentPolicy,
  PdfEmbeddedFilePolicy,
} from './file-safety-policy.entity';

export class FileSafetyPolicyDto {
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
  constructor(
    private readonly workspaces: WorkspacesService,
    private readonly verifier: ContentVerifier,
    private readonly audit: AuditService,
    @InjectRepository(FileSafetyPolicy) private readonly policies: Repository<FileSafetyPolicy>,
  ) {}

  @Get()
  @CheckAbility('read', 'Workspace')
  @ApiOperation({ summary: 'The workspace’s policy for PDFs with active content or embedded files' })
  @ApiOkResponse({ type: FileSafetyPolicyDto })
  async get(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) workspaceId: string,
  ): Promise<FileSafetyPolicyDto> {
    await this.workspaces.getAccessible(user, workspaceId, 'read');
    return this.policyOf(workspaceId);
  }

  @Put()
  @CheckAbility('update', 'Workspace')
  @ApiOperation({ summary: 'Change the workspace’s file safety policy (its PMs); audited' })
  @ApiOkResponse({ type: FileSafetyPolicyDto })
  @ApiForbiddenResponse({ description: 'Not a PM of this workspace' })
  async update(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) workspaceId: string,
    @Body() dto: UpdateFileSafetyPolicyDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<FileSafetyPolicyDto> {
    await this.workspaces.getAccessible(user, workspaceId, 'update');
    const current = await this.verifier.policyFor(workspaceId);
    const next = {
      pdfActiveContent: dto.pdfActiveContent ?? current.pdfActiveContent,
      pdfEmbeddedFiles: dto.pdfEmbeddedFiles ?? current.pdfEmbeddedFiles,
    };
    await this.policies.upsert({ workspaceId, ...next, updatedBy: user.id }, ['workspaceId']);
    await this.audit.record({
      action: 'workspace.file_safety_policy.updated',
      actor: user,
      workspaceId,
      resourceType: 'Workspace',
      resourceId: workspaceId,
      meta,
      details: { from: current, to: next },
    });
    return this.policyOf(workspaceId);
  }

  private async policyOf(workspaceId: string): Promise<FileSafetyPolicyDto> {
    const { pdfActiveContent, pdfEmbeddedFiles } = await this.verifier.policyFor(workspaceId);
    return { pdfActiveContent, pdfEmbeddedFiles };
  }
}
