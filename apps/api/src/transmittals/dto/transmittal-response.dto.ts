import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Page } from '../../common';
import type { DirectoryEntry } from '../../users';
import { TransmittalContent } from '../entities/transmittal-content.entity';
import {
  RESPONSE_PURPOSES,
  Transmittal,
  TRANSMITTAL_PURPOSES,
  TRANSMITTAL_STATUSES,
  TransmittalPurpose,
  TransmittalStatus,
} from '../entities/transmittal.entity';
import { contentPath } from '../transmittal-contents';
import type { ReceiptTimes } from '../supplier-state';
import { SUPPLIER_STATES, SupplierState } from './transmittal-input.dto';

export class PersonRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class TransmittalRefDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'HW-T-0001' }) number: string;
}

export class ContentReviewDto {
  @ApiProperty({ example: 'B' }) code: string;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
}

export class TransmittalContentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['item_version', 'file_revision'] }) kind: 'item_version' | 'file_revision';
  @ApiPropertyOptional({ format: 'uuid' }) itemId?: string;
  @ApiPropertyOptional() version?: number;
  @ApiPropertyOptional({ format: 'uuid' }) fileId?: string;
  @ApiPropertyOptional() revisionSeq?: number;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'B' }) revisionLabel?: string | null;
  @ApiPropertyOptional() fileName?: string;
  @ApiProperty({ description: 'Item title at that version, or document number, title and revision label' })
  title: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Internal viewers only' })
  jiraKey?: string | null;
  @ApiProperty({ example: '/items/…/versions/3', description: 'Portal path opening exactly that revision' })
  path: string;
  @ApiPropertyOptional({ type: ContentReviewDto, nullable: true }) response?: ContentReviewDto | null;
}

export class TransmittalSubmissionDto {
  @ApiProperty() submittedAt: string;
  @ApiProperty({ type: PersonRefDto }) submittedBy: PersonRefDto;
}

export class MyReceiptDto {
  @ApiProperty({ nullable: true, type: String }) openedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) acknowledgedAt: string | null;
}

export class TransmittalSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) workspaceId: string;
  @ApiProperty({ example: 'HW-T-0001' }) number: string;
  @ApiProperty() subject: string;
  @ApiProperty({ enum: TRANSMITTAL_PURPOSES }) purpose: TransmittalPurpose;
  @ApiProperty({ example: 'For review' }) purposeLabel: string;
  @ApiProperty({ nullable: true, type: String }) message: string | null;
  @ApiProperty({ nullable: true, type: String, example: '2026-12-31' }) dueDate: string | null;
  @ApiProperty({ enum: TRANSMITTAL_STATUSES }) status: TransmittalStatus;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: PersonRefDto }) createdBy: PersonRefDto;
  @ApiProperty({ nullable: true, type: String }) issuedAt: string | null;
  @ApiProperty({ type: PersonRefDto, nullable: true }) issuedBy: PersonRefDto | null;
  @ApiProperty({ type: TransmittalRefDto, nullable: true }) supersedes: TransmittalRefDto | null;
  @ApiProperty({ type: TransmittalRefDto, nullable: true }) supersededBy: TransmittalRefDto | null;
  @ApiProperty({ description: 'for_review and for_approval ask for a coded response' })
  responseRequired: boolean;
  @ApiProperty({ type: TransmittalSubmissionDto, nullable: true }) response: TransmittalSubmissionDto | null;
  @ApiProperty() contentCount: number;
  @ApiPropertyOptional({ type: MyReceiptDto, description: "The viewer's own receipt (suppliers)" })
  myReceipt?: MyReceiptDto;
  @ApiPropertyOptional({ enum: SUPPLIER_STATES, description: 'Supplier viewers' })
  supplierState?: SupplierState;
  @ApiPropertyOptional({ description: 'The viewer may submit the response now' }) canRespond?: boolean;
}

export class TransmittalDto extends TransmittalSummaryDto {
  @ApiProperty({ type: [TransmittalContentDto] }) contents: TransmittalContentDto[];
}

export class TransmittalPageDto {
  @ApiProperty({ type: [TransmittalSummaryDto] }) items: TransmittalSummaryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class ContentReceiptRowDto {
  @ApiProperty({ format: 'uuid' }) contentId: string;
  @ApiProperty({ enum: ['downloaded', 'previewed'] }) action: 'downloaded' | 'previewed';
  @ApiProperty() firstAt: string;
  @ApiProperty() lastAt: string;
  @ApiProperty() count: number;
}

export class UserReceiptDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ nullable: true, type: String }) openedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) acknowledgedAt: string | null;
  @ApiProperty({ type: [ContentReceiptRowDto] }) downloads: ContentReceiptRowDto[];
}

export class ReceiptMatrixDto {
  @ApiProperty({ type: [UserReceiptDto] }) users: UserReceiptDto[];
  @ApiProperty({ type: [TransmittalContentDto] }) contents: TransmittalContentDto[];
}

export class ReviewCodeOutDto {
  @ApiProperty({ example: 'A' }) code: string;
  @ApiProperty({ example: 'Approved' }) label: string;
}

export class PurposeLabelsOutDto {
  @ApiProperty() for_information: string;
  @ApiProperty() for_review: string;
  @ApiProperty() for_approval: string;
  @ApiProperty() for_manufacture: string;
}

export class TransmittalSettingsDto {
  @ApiProperty({ example: 'HW', description: 'Prefix of new transmittal numbers' }) code: string;
  @ApiProperty({ type: PurposeLabelsOutDto }) purposeLabels: PurposeLabelsOutDto;
  @ApiProperty({ type: [ReviewCodeOutDto] }) reviewCodes: ReviewCodeOutDto[];
}

export class RespondersOutDto {
  @ApiProperty({ type: [String], format: 'uuid' }) userIds: string[];
}

/** The read model of one transmittal as its viewer sees it (built by `TransmittalReadModels`). */
export interface TransmittalReadModel {
  transmittal: Transmittal;
  purposeLabel: string;
  people: Map<string, DirectoryEntry>;
  supersedes: TransmittalRefDto | null;
  supersededBy: TransmittalRefDto | null;
  contentCount: number;
  contents: (TransmittalContent & { response: ContentReviewDto | null })[] | null;
  /** Internal viewers see Jira keys. */
  internal: boolean;
  myReceipt?: ReceiptTimes;
  supplierState?: SupplierState;
  canRespond?: boolean;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const person = (people: Map<string, DirectoryEntry>, id: string | null): PersonRefDto | null =>
  id ? { id, name: people.get(id)?.name ?? 'Unknown user' } : null;

export function toTransmittalContentDto(
  c: TransmittalContent & { response?: ContentReviewDto | null },
  internal: boolean,
): TransmittalContentDto {
  return {
    id: c.id,
    kind: c.kind,
    ...(c.kind === 'item_version'
      ? { itemId: c.itemId!, version: c.version! }
      : {
          fileId: c.fileId!,
          revisionSeq: c.revisionSeq!,
          revisionLabel: c.revisionLabel,
          fileName: c.fileName ?? '',
        }),
    title: c.title,
    ...(internal ? { jiraKey: c.jiraKey } : {}),
    path: contentPath(c),
    response: c.response ?? null,
  };
}

export function toTransmittalSummaryDto(v: TransmittalReadModel): TransmittalSummaryDto {
  const t = v.transmittal;
  return {
    id: t.id,
    workspaceId: t.workspaceId,
    number: t.number,
    subject: t.subject,
    purpose: t.purpose,
    purposeLabel: v.purposeLabel,
    message: t.message,
    dueDate: t.dueDate,
    status: t.status,
    createdAt: t.createdAt.toISOString(),
    createdBy: person(v.people, t.createdBy)!,
    issuedAt: iso(t.issuedAt),
    issuedBy: person(v.people, t.issuedBy),
    supersedes: v.supersedes,
    supersededBy: v.supersededBy,
    responseRequired: RESPONSE_PURPOSES.has(t.purpose),
    response:
      t.respondedAt && t.respondedBy
        ? { submittedAt: t.respondedAt.toISOString(), submittedBy: person(v.people, t.respondedBy)! }
        : null,
    contentCount: v.contentCount,
    ...(v.myReceipt
      ? {
          myReceipt: { openedAt: iso(v.myReceipt.openedAt), acknowledgedAt: iso(v.myReceipt.acknowledgedAt) },
        }
      : {}),
    ...(v.supplierState ? { supplierState: v.supplierState } : {}),
    ...(v.canRespond !== undefined ? { canRespond: v.canRespond } : {}),
  };
}

export function toTransmittalDto(v: TransmittalReadModel): TransmittalDto {
  return {
    ...toTransmittalSummaryDto(v),
    contents: (v.contents ?? []).map((c) => toTransmittalContentDto(c, v.internal)),
  };
}

export function toTransmittalPageDto(page: Page<TransmittalReadModel>): TransmittalPageDto {
  return { items: page.items.map(toTransmittalSummaryDto), nextCursor: page.nextCursor };
}

export function toRespondersOutDto(userIds: string[]): RespondersOutDto {
  return { userIds };
}
