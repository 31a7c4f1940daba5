import { sanitizeSharedHtml } from './html-text';
import { CompiledRedaction, redactText } from '../../workspaces';
import { ItemSnapshot, SnapshotField } from './snapshot';

/** A rendered Feishu document as the connectors' FeishuClient.renderDocument returns it. */
export interface FeishuDocumentContent {
  title: string;
  html: string;
}

export interface FeishuProjectionOptions {
  allowlist: string[];
  redactions: CompiledRedaction[];
}

/** Fields of a shared Feishu document; `content` is the rendered body. */
export const FEISHU_FIELDS = ['title', 'content'] as const;

export function projectFeishuDocument(
  doc: FeishuDocumentContent,
  options: FeishuProjectionOptions,
): ItemSnapshot {
  const title = redactText(doc.title, options.redactions);
  const fields: SnapshotField[] = [];
  for (const name of options.allowlist) {
    if (name === 'title') fields.push({ name, label: 'Title', kind: 'text', value: title });
    if (name === 'content') {
      fields.push({
        name,
        label: 'Content',
        kind: 'html',
        value: sanitizeSharedHtml(doc.html, options.redactions, !options.allowlist.includes('url')),
      });
    }
  }
  return { title, status: null, fields };
}
