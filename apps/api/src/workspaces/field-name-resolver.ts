/**
 * Turns the field names a PM typed into the names Portico stores, checked against Jira's field list.
 * The sharing module provides it (it knows Jira's fields); the workspaces module only asks, so it does
 * not depend on sharing, which depends on workspaces.
 */
export interface FieldNameResolver {
  resolve(names: string[], path: string): Promise<string[]>;
}

export const FIELD_NAME_RESOLVER = Symbol('FIELD_NAME_RESOLVER');
