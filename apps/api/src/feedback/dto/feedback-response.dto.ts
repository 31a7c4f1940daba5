import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import {
  COMMENT_SOURCES,
  COMMENT_SYNC_STATES,
  CommentSource,
  CommentSyncState,
  JIRA_COPY_STATES,
  JiraCopyState,
  VISIBILITIES,
  Visibility,
} from '../entities/comment.entity';
import { REVISION_STATES, RevisionState } from '../../files';
import type { Page } from '../../common';
import type { Comment } from '../entities/comment.entity';
import type { Defect } from '../entities/defect.entity';
import type { DefectStatusEvent } from '../entities/defect-status-event.entity';
import type { FeedbackLookups } from '../feedback-lookups';
import { DEFECT_SYNC_STATES, DefectSyncState, SEVERITIES, Severity } from '../entities/defect.entity';

export class PersonDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() displayName: string;
  @ApiProperty() orgName: string;
}

/** How a comment's delivery to Jira stands, as suppliers see it: never a Jira identifier. */
export class CommentSyncDto {
  @ApiProperty({
    enum: COMMENT_SYNC_STATES,
    description: 'none: nothing to deliver; pending; delivered; failed',
  })
  state: CommentSyncState;
}

/** The delivery state for internal users: with Jira's comment id and the failure reason. */
export class InternalCommentSyncDto extends CommentSyncDto {
  @ApiProperty({ type: String, nullable: true, description: 'Set once delivered' }) jiraCommentId:
    string | null;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
}

/** A Jira comment made public in the thread: where it came from and how it stands in Jira. */
export class CommentJiraSourceDto {
  @ApiProperty({ description: 'Display name of the Jira author' }) author: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt: string | null;
  @ApiPropertyOptional({
    enum: JIRA_COPY_STATES,
    description: 'Internal users only: restricted or deleted copies are hidden from suppliers',
  })
  state?: JiraCopyState;
}

@ApiExtraModels(CommentSyncDto, InternalCommentSyncDto)
export class CommentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) itemId: string | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) defectId: string | null;
  @ApiProperty({
    type: PersonDto,
    description: 'For Jira comments: the Jira author’s name; the id is the PM who made it public',
  })
  author: PersonDto;
  @ApiProperty({ description: 'Plain text (redacted, for Jira comments)' }) body: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Jira comments: sanitised, redacted HTML rendered from ADF; null for Portico comments',
  })
  bodyHtml: string | null;
  @ApiProperty({ enum: COMMENT_SOURCES, description: 'jira: a Jira comment made public from Portico' })
  source: CommentSource;
  @ApiPropertyOptional({ type: CommentJiraSourceDto, nullable: true }) jira: CommentJiraSourceDto | null;
  @ApiProperty({ enum: VISIBILITIES }) visibility: Visibility;
  @ApiProperty({
    oneOf: [{ $ref: getSchemaPath(CommentSyncDto) }, { $ref: getSchemaPath(InternalCommentSyncDto) }],
    description: 'Suppliers get CommentSyncDto (no Jira ids); internal users InternalCommentSyncDto',
  })
  sync: CommentSyncDto | InternalCommentSyncDto;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

/** A Jira comment of a shared item's issue, for the PM deciding what to show the supplier. */
export class JiraCommentDto {
  @ApiProperty({ example: '10042' }) id: string;
  @ApiProperty({ description: 'Display name of the Jira author' }) author: string;
  @ApiProperty({ type: String, nullable: true }) createdAt: string | null;
  @ApiProperty({ type: String, nullable: true }) updatedAt: string | null;
  @ApiProperty({ description: 'What the supplier would see: rendered, sanitised and redacted' }) html: string;
  @ApiProperty({ description: 'Restricted in Jira (group, role or internal): cannot be made public' })
  restricted: boolean;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The thread entry showing it to the supplier, once public',
  })
  publishedCommentId: string | null;
}

export class JiraCommentListDto {
  @ApiProperty({
    type: [JiraCommentDto],
    description: 'Oldest first; comments Portico itself posted to Jira are left out',
  })
  items: JiraCommentDto[];
}

export class CommentPageDto {
  @ApiProperty({ type: [CommentDto] }) items: CommentDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class StatusStepDto {
  @ApiProperty() status: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The Jira status (internal users only)' })
  externalStatus?: string | null;
}

/** How a defect's delivery to Jira stands, as suppliers see it: never the Jira key. */
export class DefectSyncDto {
  @ApiProperty({ enum: DEFECT_SYNC_STATES }) state: DefectSyncState;
}

/** The delivery state for internal users: with the Jira issue key and the failure reason. */
export class InternalDefectSyncDto extends DefectSyncDto {
  @ApiProperty({ type: String, nullable: true, description: 'Set once delivered' }) jiraKey: string | null;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
}

@ApiExtraModels(DefectSyncDto, InternalDefectSyncDto)
export class DefectSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) workspaceId: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: SEVERITIES }) severity: Severity;
  @ApiProperty({ description: 'Supplier-facing status (through the workspace status map)' }) status: string;
  @ApiProperty({ type: PersonDto }) reportedBy: PersonDto;
  @ApiProperty({
    oneOf: [{ $ref: getSchemaPath(DefectSyncDto) }, { $ref: getSchemaPath(InternalDefectSyncDto) }],
    description: 'Suppliers get DefectSyncDto (no Jira key); internal users InternalDefectSyncDto',
  })
  sync: DefectSyncDto | InternalDefectSyncDto;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Jira status (internal users only)' })
  externalStatus?: string | null;
}

/** An attachment of a defect the reader may see; download it with `GET files/{fileId}/revisions/{seq}/download`. */
export class DefectAttachmentDto {
  @ApiProperty({ format: 'uuid' }) revisionId: string;
  @ApiProperty({ format: 'uuid' }) fileId: string;
  @ApiProperty({ example: 1 }) seq: number;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'A' }) label: string | null;
  @ApiProperty({ description: 'The uploaded file name', example: 'seam photo.pdf' }) fileName: string;
  @ApiProperty({ description: 'Bytes' }) size: number;
  @ApiProperty({ example: 'application/pdf' }) contentType: string;
  @ApiProperty({
    enum: REVISION_STATES,
    description: 'Only available and superseded revisions can be downloaded',
  })
  state: RevisionState;
}

export class DefectDto extends DefectSummaryDto {
  @ApiProperty() description: string;
  @ApiPropertyOptional({ type: String, nullable: true }) stepsToReproduce: string | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) itemId: string | null;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) fileRevisionId: string | null;
  @ApiProperty({ type: [String] }) attachmentRevisionIds: string[];
  @ApiProperty({
    type: [DefectAttachmentDto],
    description: 'The attachments the caller may see, in the order of attachmentRevisionIds',
  })
  attachments: DefectAttachmentDto[];
  @ApiProperty({ type: [StatusStepDto] }) timeline: StatusStepDto[];
}

export class DefectPageDto {
  @ApiProperty({ type: [DefectSummaryDto] }) items: DefectSummaryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

/** Internal readers get Jira identifiers and states; suppliers never do (the portal promises none are shown). */
export function toPersonDto(lookups: Pick<FeedbackLookups, 'people'>, id: string): PersonDto {
  const p = lookups.people.get(id);
  return { id, displayName: p?.displayName ?? 'Unknown user', orgName: p?.orgName ?? '' };
}

export function toCommentDto(c: Comment, lookups: FeedbackLookups): CommentDto {
  const internal = lookups.internal;
  return {
    id: c.id,
    itemId: c.itemId,
    defectId: c.defectId,
    author:
      c.source === 'jira'
        ? { ...toPersonDto(lookups, c.authorId), displayName: c.jiraAuthorName ?? 'Jira user' }
        : toPersonDto(lookups, c.authorId),
    body: c.body,
    bodyHtml: c.bodyHtml,
    source: c.source,
    jira:
      c.source === 'jira'
        ? {
            author: c.jiraAuthorName ?? 'Jira user',
            updatedAt: c.jiraUpdatedAt?.toISOString() ?? null,
            ...(internal ? { state: c.jiraState ?? 'live' } : {}),
          }
        : null,
    visibility: c.visibility,
    sync: internal
      ? { state: c.syncState, jiraCommentId: c.externalId, error: c.syncError }
      : { state: c.syncState },
    createdAt: c.createdAt.toISOString(),
  };
}

export function toCommentPageDto(page: Page<Comment>, lookups: FeedbackLookups): CommentPageDto {
  return { items: page.items.map((c) => toCommentDto(c, lookups)), nextCursor: page.nextCursor };
}

export function toDefectSummaryDto(d: Defect, lookups: FeedbackLookups): DefectSummaryDto {
  const internal = lookups.internal;
  return {
    id: d.id,
    workspaceId: d.workspaceId,
    title: d.title,
    severity: d.severity,
    status: d.supplierStatus,
    reportedBy: toPersonDto(lookups, d.reportedBy),
    sync: internal ? { state: d.syncState, jiraKey: d.jiraKey, error: d.syncError } : { state: d.syncState },
    createdAt: d.createdAt.toISOString(),
    ...(internal ? { externalStatus: d.externalStatus } : {}),
  };
}

export function toDefectPageDto(page: Page<Defect>, lookups: FeedbackLookups): DefectPageDto {
  return { items: page.items.map((d) => toDefectSummaryDto(d, lookups)), nextCursor: page.nextCursor };
}

export function toDefectDto(d: Defect, timeline: DefectStatusEvent[], lookups: FeedbackLookups): DefectDto {
  return {
    ...toDefectSummaryDto(d, lookups),
    description: d.description,
    stepsToReproduce: d.stepsToReproduce,
    itemId: d.itemId,
    fileRevisionId: d.fileRevisionId,
    attachmentRevisionIds: d.attachmentRevisionIds,
    attachments: lookups.attachments,
    timeline: timeline.map((e) => ({
      status: e.supplierStatus,
      at: e.at.toISOString(),
      ...(lookups.internal ? { externalStatus: e.externalStatus } : {}),
    })),
  };
}
