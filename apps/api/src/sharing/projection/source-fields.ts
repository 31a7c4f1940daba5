import type { SourceType } from '../entities/shared-item.entity';
import { FEISHU_FIELDS } from './feishu-projection';

/**
 * Which allowlist names each source type understands. A document has only these; a Jira issue takes
 * built-in names and custom fields by display name, so only the document-only names are foreign to it.
 */
const DOCUMENT_FIELDS: readonly string[] = [...FEISHU_FIELDS, 'url'];
const DOCUMENT_ONLY_FIELDS: readonly string[] = FEISHU_FIELDS;

/**
 * The fields an item gets when the PM names none. A workspace's defaults are Jira fields (plus, in
 * older workspaces, `title` and `content`); applied to a document they would share its title alone.
 */
export function defaultFieldsFor(sourceType: SourceType, workspaceDefaults: readonly string[]): string[] {
  if (sourceType === 'feishu_doc') return [...FEISHU_FIELDS];
  return workspaceDefaults.filter((name) => !DOCUMENT_ONLY_FIELDS.includes(name));
}

/** The names in an explicit allowlist that the source type has no such field for. */
export function fieldsNotApplicable(sourceType: SourceType, fields: readonly string[]): string[] {
  if (sourceType === 'feishu_doc') return fields.filter((name) => !DOCUMENT_FIELDS.includes(name));
  return fields.filter((name) => DOCUMENT_ONLY_FIELDS.includes(name));
}
