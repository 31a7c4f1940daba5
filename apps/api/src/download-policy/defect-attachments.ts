/**
 * Whether a file was uploaded for a defect report (one of its revisions is a defect's attachment). The
 * feedback module provides it (it owns defects, and asks the files module for the file's revisions);
 * the download policy only asks, so it depends on neither (as with `DRAFT_COUNTER` in workspaces).
 */
export interface DefectAttachments {
  isDefectAttachment(fileId: string): Promise<boolean>;
}

export const DEFECT_ATTACHMENTS = Symbol('DEFECT_ATTACHMENTS');
