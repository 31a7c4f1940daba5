import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  REVIEW_STATES,
  REVISION_STATES,
  FileRevision,
  ReviewState,
  RevisionState,
} from '../entities/file-revision.entity';
import { FileEntity } from '../entities/file.entity';

export class RevisionDto {
  @ApiProperty({ format: 'uuid', description: 'What a defect report refers to' })
  id: string;

  @ApiProperty({ example: 3 })
  seq: number;

  @ApiPropertyOptional({
    example: 'C',
    nullable: true,
    description: 'Assigned when the revision becomes available',
  })
  label: string | null;

  @ApiProperty({
    enum: REVISION_STATES,
    description:
      '`verifying`: stored, its whole-file SHA-256 and content being checked in the background (only the ' +
      'uploader may download it meanwhile); `scanning`: verified, waiting for the malware scanner',
  })
  state: RevisionState;

  @ApiPropertyOptional({ nullable: true, example: 'The stored file’s SHA-256 differs from the declared one' })
  rejectionReason: string | null;

  @ApiProperty({
    type: [String],
    description: 'What the content checks let through but a PM should know, e.g. embedded files in a PDF',
  })
  contentWarnings: string[];

  @ApiProperty({
    description:
      'A PDF with active content the workspace accepted: offered only as an attachment, never inline',
  })
  activeContent: boolean;

  @ApiProperty({ example: 'D-102 bracket.step' })
  fileName: string;

  @ApiProperty({ example: 40_000_000 })
  size: number;

  @ApiProperty({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' })
  sha256: string;

  @ApiProperty({ example: 'model/step' })
  contentType: string;

  @ApiProperty({ format: 'uuid' })
  uploadedBy: string;

  @ApiProperty({ enum: REVIEW_STATES })
  reviewState: ReviewState;

  @ApiPropertyOptional({ nullable: true })
  reviewNote: string | null;

  @ApiPropertyOptional({ nullable: true })
  reviewedAt: Date | null;

  @ApiProperty()
  createdAt: Date;

  @ApiPropertyOptional({ nullable: true })
  completedAt: Date | null;
}

export class FileDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  workspaceId: string;

  @ApiProperty({ example: 'D-102' })
  documentNumber: string;

  @ApiProperty({ example: 'Bracket, left, welded assembly' })
  title: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  linkedItemId: string | null;

  @ApiPropertyOptional({ nullable: true, example: 2, description: 'Seq of the current (available) revision' })
  currentRevision: number | null;

  @ApiProperty()
  createdAt: Date;
}

export class FileDetailDto extends FileDto {
  @ApiProperty({ type: [RevisionDto], description: 'Newest first' })
  revisions: RevisionDto[];
}

export class FilePageDto {
  @ApiProperty({ type: [FileDto] })
  items: FileDto[];

  @ApiPropertyOptional({ nullable: true })
  nextCursor: string | null;
}

export class PartUrlDto {
  @ApiProperty({ example: 1 })
  partNumber: number;

  @ApiProperty({ example: 8_388_608, description: 'Exact bytes to PUT to this URL' })
  size: number;

  @ApiProperty({ description: 'PUT the part here; read the ETag response header' })
  url: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: {
      'x-amz-checksum-sha256': '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=',
      'x-amz-sdk-checksum-algorithm': 'SHA256',
    },
    description:
      'Send these headers with the PUT, exactly: they are signed into the URL (empty without part checksums)',
  })
  headers: Record<string, string>;
}

export class UploadDto {
  @ApiProperty({ example: 8_388_608 })
  partSize: number;

  @ApiProperty({ example: 5 })
  partCount: number;

  @ApiProperty({ description: 'When the part URLs stop working; ask for fresh ones to resume' })
  expiresAt: Date;

  @ApiProperty({ type: [PartUrlDto] })
  parts: PartUrlDto[];

  @ApiPropertyOptional({
    type: [Number],
    nullable: true,
    description: 'Parts the storage already holds; null when the storage cannot tell',
  })
  uploadedParts: number[] | null;
}

export class StartedRevisionDto {
  @ApiProperty({ type: RevisionDto })
  revision: RevisionDto;

  @ApiProperty({ type: UploadDto })
  upload: UploadDto;
}

export function toRevisionDto(r: FileRevision): RevisionDto {
  return {
    id: r.id,
    seq: r.seq,
    label: r.label,
    state: r.state,
    rejectionReason: r.rejectionReason,
    contentWarnings: r.contentWarnings ?? [],
    activeContent: r.activeContent ?? false,
    fileName: r.originalName,
    size: r.size,
    sha256: r.sha256,
    contentType: r.contentType,
    uploadedBy: r.uploadedBy,
    reviewState: r.reviewState,
    reviewNote: r.reviewNote,
    reviewedAt: r.reviewedAt,
    createdAt: r.createdAt,
    completedAt: r.completedAt,
  };
}

export function toFileDto(f: FileEntity): FileDto {
  return {
    id: f.id,
    workspaceId: f.workspaceId,
    documentNumber: f.documentNumber,
    title: f.title,
    linkedItemId: f.linkedItemId,
    currentRevision: f.currentRevision,
    createdAt: f.createdAt,
  };
}

export function toFileDetailDto(file: FileEntity, revisions: FileRevision[]): FileDetailDto {
  return { ...toFileDto(file), revisions: revisions.map(toRevisionDto) };
}
