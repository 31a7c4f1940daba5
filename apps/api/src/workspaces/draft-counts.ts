/**
 * Counts the published items of each workspace whose source changed and wait as drafts. The sharing
 * module provides it (it owns the items); the workspaces module only asks, so it does not depend on
 * sharing, which depends on workspaces (as with `FIELD_NAME_RESOLVER`).
 */
export interface DraftCounter {
  pendingDraftsPerWorkspace(workspaceIds: string[]): Promise<Map<string, number>>;
}

export const DRAFT_COUNTER = Symbol('DRAFT_COUNTER');
