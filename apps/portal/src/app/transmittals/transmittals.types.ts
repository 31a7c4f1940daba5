/**
 * Transmittals as the API returns them (apps/api/src/transmittals). Written to the agreed contract until
 * the API's OpenAPI document describes them; then these become aliases of `openapi.ts` schemas.
 */
export type TransmittalPurpose = 'for_information' | 'for_review' | 'for_approval' | 'for_manufacture';
export type TransmittalStatus = 'draft' | 'issued' | 'responded' | 'superseded';
export type SupplierState = 'unread' | 'awaiting_response' | 'overdue' | 'answered' | 'acknowledged';

export interface PersonRef {
  id: string;
  name: string;
}

export interface TransmittalRef {
  id: string;
  number: string;
}

export interface TransmittalContent {
  id: string;
  kind: 'item_version' | 'file_revision';
  itemId?: string;
  version?: number;
  fileId?: string;
  revisionSeq?: number;
  revisionLabel?: string | null;
  fileName?: string;
  title: string;
  jiraKey?: string | null;
  path: string;
  response?: { code: string; comment: string | null } | null;
}

export interface TransmittalSummary {
  id: string;
  workspaceId: string;
  number: string;
  subject: string;
  purpose: TransmittalPurpose;
  purposeLabel: string;
  message: string | null;
  dueDate: string | null;
  status: TransmittalStatus;
  createdAt: string;
  createdBy: PersonRef;
  issuedAt: string | null;
  issuedBy: PersonRef | null;
  supersedes: TransmittalRef | null;
  supersededBy: TransmittalRef | null;
  responseRequired: boolean;
  response: { submittedAt: string; submittedBy: PersonRef } | null;
  myReceipt?: { openedAt: string | null; acknowledgedAt: string | null };
  supplierState?: SupplierState;
  canRespond?: boolean;
  contentCount: number;
}

export interface Transmittal extends Omit<TransmittalSummary, 'contentCount'> {
  contents: TransmittalContent[];
}

export type NewTransmittalContent =
  { itemId: string; version: number } | { fileId: string; revisionSeq: number };

export interface TransmittalInput {
  subject: string;
  purpose: TransmittalPurpose;
  message?: string;
  dueDate?: string;
  supersedesId?: string;
  contents: NewTransmittalContent[];
}

export interface ReceiptUser {
  userId: string;
  name: string;
  email: string;
  openedAt: string | null;
  acknowledgedAt: string | null;
  downloads: Array<{ contentId: string; firstAt: string; lastAt: string; count: number }>;
}

export interface TransmittalReceipts {
  users: ReceiptUser[];
  contents: TransmittalContent[];
}

export interface ReviewCode {
  code: string;
  label: string;
}

export interface TransmittalSettings {
  purposeLabels: Partial<Record<TransmittalPurpose, string>>;
  reviewCodes: ReviewCode[];
}

export interface TransmittalResponseInput {
  contents: Array<{ contentId: string; code: string; comment?: string }>;
}
