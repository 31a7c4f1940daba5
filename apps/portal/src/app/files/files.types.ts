/**
 * Files and revisions as the files API returns them (apps/api/src/files/dto), by hand because the OpenAPI
 * document gives nullable strings (label, notes) no type. Field names are the API's.
 */
export type RevisionState =
  'uploading' | 'verifying' | 'scanning' | 'available' | 'rejected' | 'superseded' | 'aborted';
export type ReviewState = 'submitted' | 'approved' | 'changes_requested';

export interface Revision {
  id: string;
  seq: number;
  label: string | null;
  state: RevisionState;
  rejectionReason: string | null;
  /** What the content checks let through but a PM should know (e.g. embedded files in a PDF). */
  contentWarnings?: string[];
  /** A PDF with active content: offered only as a download, never previewed. */
  activeContent?: boolean;
  fileName: string;
  size: number;
  sha256: string;
  contentType: string;
  uploadedBy: string;
  reviewState: ReviewState;
  reviewNote: string | null;
  reviewedAt: string | null;
  createdAt: string;
}

export interface PortalFile {
  id: string;
  workspaceId: string;
  documentNumber: string;
  title: string;
  linkedItemId: string | null;
  currentRevision: number | null;
  createdAt: string;
}

export interface FileDetail extends PortalFile {
  revisions: Revision[];
}

export interface PartUrl {
  partNumber: number;
  size: number;
  url: string;
  /** Send with the PUT exactly as given (signed into the URL): the part's checksum. */
  headers?: Record<string, string>;
}

export interface UploadPlan {
  partSize: number;
  partCount: number;
  expiresAt: string;
  parts: PartUrl[];
  uploadedParts?: number[] | null;
}

export interface StartedRevision {
  revision: Revision;
  upload: UploadPlan;
}
