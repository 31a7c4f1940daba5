import { Body, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiFoundResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser, CheckAbility, CurrentUser } from '@portico/auth';
import { ClientMeta, RequestMeta } from '../audit';
import { refuseHead } from '../common';
import { CreateFileDto, ReviewRevisionDto } from './dto/file-input.dto';
import { DownloadQueryDto, FileQueryDto } from './dto/file-query.dto';
import {
  FileDetailDto,
  FileDto,
  FilePageDto,
  RevisionDto,
  toFileDetailDto,
  toFileDto,
  toRevisionDto,
} from './dto/file-response.dto';
import { FilesApi, seqPipe, uuid } from './files-api';
import { FilesService } from './files.service';
import { Idempotent } from '../idempotency';

@FilesApi()
export class FilesController {
  constructor(private readonly files: FilesService) {}

  @Get('workspaces/:id/files')
  @CheckAbility('read', 'File')
  @ApiOperation({ summary: 'Files of a workspace, newest first; q searches title and document number' })
  @ApiOkResponse({ type: FilePageDto })
  async list(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) workspaceId: string,
    @Query() query: FileQueryDto,
  ): Promise<FilePageDto> {
    const page = await this.files.list(user, workspaceId, query.limit ?? 50, query.cursor, query.q);
    return { items: page.items.map(toFileDto), nextCursor: page.nextCursor };
  }

  @Post('workspaces/:id/files')
  @Idempotent()
  @CheckAbility('create', 'File')
  @ApiOperation({ summary: 'Create a file (document number + title) to upload revisions to' })
  @ApiCreatedResponse({ type: FileDto })
  @ApiConflictResponse({ description: 'The document number exists in this workspace' })
  async create(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) workspaceId: string,
    @Body() dto: CreateFileDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<FileDto> {
    return toFileDto(await this.files.create(user, workspaceId, dto, meta));
  }

  @Get('files/:id')
  @CheckAbility('read', 'File')
  @ApiOperation({ summary: 'A file with its revisions, newest first' })
  @ApiOkResponse({ type: FileDetailDto })
  async get(@CurrentUser() user: AuthUser, @Param('id', uuid) fileId: string): Promise<FileDetailDto> {
    const { file, revisions } = await this.files.get(user, fileId);
    return toFileDetailDto(file, revisions);
  }

  @Delete('files/:id')
  @HttpCode(204)
  @CheckAbility('read', 'File')
  @ApiOperation({
    summary: 'Delete a file without content',
    description:
      'Only a file with no revision, or only rejected ones (e.g. a refused defect attachment); its creator or an admin. Audited as file.deleted.',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiForbiddenResponse({ description: 'Neither the file’s creator nor an admin' })
  @ApiConflictResponse({ description: 'The file has an open upload or an uploaded revision' })
  async remove(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) fileId: string,
    @ClientMeta() meta: RequestMeta,
  ): Promise<void> {
    await this.files.deleteEmptyFile(user, fileId, meta);
  }

  @Get('files/:id/revisions/:seq/download')
  @CheckAbility('read', 'FileRevision')
  @ApiOperation({
    summary: 'Download a revision',
    description:
      'Redirects to a storage URL valid 5 minutes. `disposition=inline` previews PDF and images in the browser. ' +
      'For supplier users the workspace’s download policy applies (GET /v1/workspaces/{id}/download-policy): ' +
      '`watermarked` serves a copy stamped with their organisation, email, UTC time and revision, or ' +
      '`transmittal` number and revision (PDF, PNG and JPEG keep their format; other formats 403); ' +
      '`view_only` refuses `attachment` (403) and serves previews from the stamped copy. The audit event ' +
      'records the copy’s SHA-256; the revision’s SHA-256 stays the original’s.',
  })
  @ApiForbiddenResponse({
    description:
      'Refused by the download policy: problem+json with `policy` (`view_only` or `watermarked`) and `category` (`drawings` or `attachments`)',
  })
  @ApiFoundResponse({ description: 'Location: the presigned storage URL' })
  @ApiOkResponse({
    description:
      'With `Accept: application/json`: `{ "url": "<presigned storage URL>" }` instead of the redirect',
    schema: { type: 'object', properties: { url: { type: 'string' } }, required: ['url'] },
  })
  @ApiConflictResponse({ description: 'The revision has no stored content (uploading or rejected)' })
  async download(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) fileId: string,
    @Param('seq', seqPipe) seq: number,
    @Query() query: DownloadQueryDto,
    @ClientMeta() meta: RequestMeta,
    @Res() reply: FastifyReply,
    @Headers('accept') accept?: string,
  ): Promise<void> {
    refuseHead(reply);
    const url = await this.files.downloadUrl(
      user,
      fileId,
      seq,
      query.disposition ?? 'attachment',
      meta,
      query.transmittal,
    );
    // The URL is a short-lived credential: no caching, no leaking through Referer.
    void reply
      .header('Cache-Control', 'no-store')
      .header('Referrer-Policy', 'no-referrer')
      .header('X-Content-Type-Options', 'nosniff');
    // A browser following the redirect would carry its bearer token along, and storage refuses a
    // request with two authentication mechanisms; the portal asks for the URL and navigates to it.
    if (accept?.includes('application/json')) {
      await reply.send({ url });
      return;
    }
    await reply.redirect(url, 302);
  }

  @Patch('files/:id/revisions/:seq')
  @CheckAbility('review', 'FileRevision')
  @ApiOperation({ summary: 'Review a revision: approved, or changes requested with a note' })
  @ApiOkResponse({ type: RevisionDto })
  @ApiForbiddenResponse({ description: 'Only the workspace’s PMs review' })
  async review(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) fileId: string,
    @Param('seq', seqPipe) seq: number,
    @Body() dto: ReviewRevisionDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<RevisionDto> {
    return toRevisionDto(await this.files.review(user, fileId, seq, dto, meta));
  }
}
