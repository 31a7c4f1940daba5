import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiFoundResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiBadRequestResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthUser, CheckAbility, CurrentUser } from '@portico/auth';
import { RequestMeta } from '../audit/audit.service';
import { ClientMeta } from '../audit/request-meta.decorator';
import { refuseHead } from '../common/download-head';
import {
  CompleteRevisionDto,
  CreateFileDto,
  DownloadQuery,
  ListFilesQuery,
  PartUrlsDto,
  ReviewRevisionDto,
  StartRevisionDto,
} from './dto/file-input.dto';
import {
  FileDetailView,
  FilePage,
  FileView,
  RevisionView,
  StartedRevisionView,
  UploadView,
} from './dto/file-output.dto';
import { FilesService } from './files.service';
import { IntParamPipe, UuidParamPipe } from '../common/param-pipes';
import { Idempotent } from '../idempotency/idempotent.decorator';

const uuid = new UuidParamPipe();
const seqPipe = new IntParamPipe();

@ApiTags('files')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such file or revision, or not visible to the caller' })
@Controller('v1')
export class FilesController {
  constructor(private readonly files: FilesService) {}

  @Get('workspaces/:id/files')
  @CheckAbility('read', 'File')
  @ApiOperation({ summary: 'Files of a workspace, newest first; q searches title and document number' })
  @ApiOkResponse({ type: FilePage })
  async list(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) workspaceId: string,
    @Query() query: ListFilesQuery,
  ): Promise<FilePage> {
    const page = await this.files.list(user, workspaceId, query.limit ?? 50, query.cursor, query.q);
    return { items: page.items.map(FileView.of), nextCursor: page.nextCursor };
  }

  @Post('workspaces/:id/files')
  @Idempotent()
  @CheckAbility('create', 'File')
  @ApiOperation({ summary: 'Create a file (document number + title) to upload revisions to' })
  @ApiCreatedResponse({ type: FileView })
  @ApiConflictResponse({ description: 'The document number exists in this workspace' })
  async create(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) workspaceId: string,
    @Body() dto: CreateFileDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<FileView> {
    return FileView.of(await this.files.create(user, workspaceId, dto, meta));
  }

  @Get('files/:id')
  @CheckAbility('read', 'File')
  @ApiOperation({ summary: 'A file with its revisions, newest first' })
  @ApiOkResponse({ type: FileDetailView })
  async get(@CurrentUser() user: AuthUser, @Param('id', uuid) fileId: string): Promise<FileDetailView> {
    const { file, revisions } = await this.files.get(user, fileId);
    return { ...FileView.of(file), revisions: revisions.map(RevisionView.of) };
  }

  @Post('files/:id/revisions')
  @Idempotent()
  @CheckAbility('create', 'FileRevision')
  @ApiOperation({
    summary: 'Start uploading a revision',
    description:
      'Checks name, extension and size first (400, no URL issued, on violation), then returns presigned ' +
      'part URLs valid 15 minutes. PUT each part to its URL, keep the ETag response headers, then complete.',
  })
  @ApiCreatedResponse({ type: StartedRevisionView })
  @ApiBadRequestResponse({ description: 'The upload breaks the file policy' })
  async start(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) fileId: string,
    @Body() dto: StartRevisionDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<StartedRevisionView> {
    const { revision, upload } = await this.files.startRevision(user, fileId, dto, meta);
    return { revision: RevisionView.of(revision), upload };
  }

  @Post('files/:id/revisions/:seq/parts')
  @HttpCode(200)
  // Declared so API tokens reach it with files:write; who may finish which upload is the service's check.
  @CheckAbility('update', 'FileRevision')
  @ApiOperation({
    summary: 'Fresh part URLs to resume an upload (default: parts the storage does not hold yet)',
  })
  @ApiOkResponse({ type: UploadView })
  @ApiForbiddenResponse({ description: 'Someone else’s upload' })
  @ApiConflictResponse({ description: 'The revision is no longer an open upload' })
  async parts(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) fileId: string,
    @Param('seq', seqPipe) seq: number,
    @Body() dto: PartUrlsDto,
  ): Promise<UploadView> {
    return this.files.partUrls(user, fileId, seq, dto.partNumbers);
  }

  @Post('files/:id/revisions/:seq/complete')
  @HttpCode(200)
  // Declared so API tokens reach it with files:write; who may finish which upload is the service's check.
  @CheckAbility('update', 'FileRevision')
  @ApiOperation({
    summary: 'Complete an upload',
    description:
      'Verifies the stored size, SHA-256, file type and content (image size and trailing data, PDF active content ' +
      'per the workspace policy, CAD structure, malware scan when configured; docs/file-safety.md). A failed check ' +
      'rejects the revision with the reason and deletes the object (422). While the malware scanner is ' +
      'unreachable the revision comes back `scanning` and becomes available once scanned.',
  })
  @ApiOkResponse({ type: RevisionView })
  @ApiForbiddenResponse({ description: 'Someone else’s upload' })
  @ApiConflictResponse({ description: 'The revision is no longer an open upload' })
  @ApiUnprocessableEntityResponse({
    description: 'Rejected: size, SHA-256, type or content check failed, or malware found; `detail` says why',
  })
  async complete(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) fileId: string,
    @Param('seq', seqPipe) seq: number,
    @Body() dto: CompleteRevisionDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<RevisionView> {
    return RevisionView.of(await this.files.completeRevision(user, fileId, seq, dto, meta));
  }

  @Delete('files/:id/revisions/:seq/upload')
  // Declared so API tokens reach it with files:write; who may finish which upload is the service's check.
  @CheckAbility('update', 'FileRevision')
  @ApiOperation({ summary: 'Cancel an unfinished upload' })
  @ApiOkResponse({ type: RevisionView })
  @ApiForbiddenResponse({ description: 'Someone else’s upload' })
  @ApiConflictResponse({ description: 'The revision is no longer an open upload' })
  async abort(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) fileId: string,
    @Param('seq', seqPipe) seq: number,
    @ClientMeta() meta: RequestMeta,
  ): Promise<RevisionView> {
    return RevisionView.of(await this.files.abortRevision(user, fileId, seq, meta));
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
      '`watermarked` serves a copy stamped with their organisation, email, UTC time and revision (images as a ' +
      'one-page PDF; other formats 403); `view_only` refuses `attachment` (403) and serves previews from the ' +
      'stamped copy. The audit event records the copy’s SHA-256; the revision’s SHA-256 stays the original’s.',
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
    @Query() query: DownloadQuery,
    @ClientMeta() meta: RequestMeta,
    @Res() reply: FastifyReply,
    @Headers('accept') accept?: string,
  ): Promise<void> {
    refuseHead(reply);
    const url = await this.files.downloadUrl(user, fileId, seq, query.disposition ?? 'attachment', meta);
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
  @ApiOkResponse({ type: RevisionView })
  @ApiForbiddenResponse({ description: 'Only the workspace’s PMs review' })
  async review(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) fileId: string,
    @Param('seq', seqPipe) seq: number,
    @Body() dto: ReviewRevisionDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<RevisionView> {
    return RevisionView.of(await this.files.review(user, fileId, seq, dto, meta));
  }
}
