import { Body, Delete, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AuthUser, CheckAbility, CurrentUser } from '@portico/auth';
import { RequestMeta } from '../../audit';
import { ClientMeta } from '../../audit';
import { Idempotent } from '../../idempotency';
import { CompleteRevisionDto, PartUrlsDto, StartRevisionDto } from '../dto/file-input.dto';
import { RevisionDto, StartedRevisionDto, toRevisionDto, UploadDto } from '../dto/file-response.dto';
import { FilesApi, seqPipe, uuid } from '../files-api';
import { RevisionUploadService } from './revision-upload.service';

/** Uploading a revision: start, part URLs, complete, cancel (docs/file-safety.md). */
@FilesApi()
export class RevisionUploadController {
  constructor(private readonly uploads: RevisionUploadService) {}

  @Post('files/:id/revisions')
  @Idempotent()
  @CheckAbility('create', 'FileRevision')
  @ApiOperation({
    summary: 'Start uploading a revision',
    description:
      'Checks name, extension and size first (400, no URL issued, on violation), then returns presigned ' +
      'part URLs valid 15 minutes. PUT each part to its URL with the headers given for it, keep the ETag ' +
      'response headers, then complete. With `partChecksums` the storage refuses a part whose bytes do not ' +
      'match its SHA-256 (400 BadDigest): send that part again.',
  })
  @ApiCreatedResponse({ type: StartedRevisionDto })
  @ApiBadRequestResponse({ description: 'The upload breaks the file policy' })
  async start(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) fileId: string,
    @Body() dto: StartRevisionDto,
    @ClientMeta() meta: RequestMeta,
  ): Promise<StartedRevisionDto> {
    const { revision, upload } = await this.uploads.startRevision(user, fileId, dto, meta);
    return { revision: toRevisionDto(revision), upload };
  }

  @Post('files/:id/revisions/:seq/parts')
  @HttpCode(200)
  // Declared so API tokens reach it with files:write; who may finish which upload is the service's check.
  @CheckAbility('update', 'FileRevision')
  @ApiOperation({
    summary: 'Fresh part URLs to resume an upload (default: parts the storage does not hold yet)',
  })
  @ApiOkResponse({ type: UploadDto })
  @ApiForbiddenResponse({ description: 'Someone else’s upload' })
  @ApiConflictResponse({ description: 'The revision is no longer an open upload' })
  async parts(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) fileId: string,
    @Param('seq', seqPipe) seq: number,
    @Body() dto: PartUrlsDto,
  ): Promise<UploadDto> {
    return this.uploads.partUrls(user, fileId, seq, dto.partNumbers);
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
      'rejects the revision with the reason and deletes the object (422). Uploads over ' +
      'FILES_VERIFY_INLINE_MAX_BYTES are checked here for the part checksums, size and type only and come back ' +
      '`verifying`: the rest runs in the background, then the revision becomes available or rejected. While the ' +
      'malware scanner is unreachable the revision comes back `scanning` and becomes available once scanned.',
  })
  @ApiOkResponse({ type: RevisionDto })
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
  ): Promise<RevisionDto> {
    return toRevisionDto(await this.uploads.completeRevision(user, fileId, seq, dto, meta));
  }

  @Delete('files/:id/revisions/:seq/upload')
  // Declared so API tokens reach it with files:write; who may finish which upload is the service's check.
  @CheckAbility('update', 'FileRevision')
  @ApiOperation({ summary: 'Cancel an unfinished upload' })
  @ApiOkResponse({ type: RevisionDto })
  @ApiForbiddenResponse({ description: 'Someone else’s upload' })
  @ApiConflictResponse({ description: 'The revision is no longer an open upload' })
  async abort(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) fileId: string,
    @Param('seq', seqPipe) seq: number,
    @ClientMeta() meta: RequestMeta,
  ): Promise<RevisionDto> {
    return toRevisionDto(await this.uploads.abortRevision(user, fileId, seq, meta));
  }
}
