import type { components } from '../core/api/openapi';

/** Defects and comments as the feedback API returns them (apps/api/src/feedback/dto). */
export type Severity = 'critical' | 'major' | 'minor';
export const SEVERITIES: Severity[] = ['critical', 'major', 'minor'];

export interface Person {
  id: string;
  displayName: string;
  orgName: string;
}

export interface DefectSummary {
  id: string;
  workspaceId: string;
  title: string;
  severity: Severity;
  status: string;
  reportedBy: Person;
  /** Suppliers get the delivery state only, never the Jira key. */
  sync: { state: string };
  createdAt: string;
}

export interface Defect extends DefectSummary {
  description: string;
  stepsToReproduce: string | null;
  itemId: string | null;
  fileRevisionId: string | null;
  attachmentRevisionIds: string[];
  /** The attachments the reader may see, in report order. */
  attachments: DefectAttachmentInfo[];
  timeline: { status: string; at: string }[];
}

/** An attachment of a defect as the API shows it; downloaded through the files routes. */
export type DefectAttachmentInfo = components['schemas']['DefectAttachmentDto'];

export interface Comment {
  id: string;
  author: Person;
  body: string;
  visibility: 'public' | 'internal';
  sync: { state: 'none' | 'pending' | 'delivered' | 'failed' };
  createdAt: string;
}
