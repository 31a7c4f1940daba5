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
  sync: { state: string; jiraKey: string | null };
  createdAt: string;
}

export interface Defect extends DefectSummary {
  description: string;
  stepsToReproduce: string | null;
  itemId: string | null;
  fileRevisionId: string | null;
  attachmentRevisionIds: string[];
  timeline: { status: string; at: string }[];
}

export interface Comment {
  id: string;
  author: Person;
  body: string;
  visibility: 'public' | 'internal';
  sync: { state: 'none' | 'pending' | 'delivered' | 'failed'; jiraCommentId: string | null };
  createdAt: string;
}
