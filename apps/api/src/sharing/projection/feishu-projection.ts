import { sanitizeSharedHtml } from './html-text';
import { CompiledRedaction, redactText } from './redaction';
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

export function projectFeishuDocument(doc: FeishuDocumentContent, options: FeishuProjectionOptions): ItemSnapshot {
  const title = redactText(doc.title, options.redactions);
  const fields: Record<string, SnapshotField> = {};
  if (options.allowlist.includes('title')) fields.title = { label: 'Title', kind: 'text', value: title };
  if (options.allowlist.includes('content')) {
    fields.content = { label: 'Content', kind: 'html', value: sanitizeSharedHtml(doc.html, options.redactions, !options.allowlist.includes('url')) };
  }
  return { title, status: null, fields };
}
