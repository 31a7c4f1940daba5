import sanitizeHtml from 'sanitize-html';
import { createHtmlSanitizer } from '@portico/connectors/html';
import { CompiledRedaction, redactText } from '../../workspaces';

/**
 * What a supplier's browser may render of shared rich text, whether Jira or Feishu rendered it: the shared
 * policy with the tags both sources use, and classes kept as the source wrote them.
 */
const sanitizeShared = createHtmlSanitizer({
  tags: ['b', 'i', 'del', 'sub', 'sup', 'thead', 'figure', 'figcaption', 'input'],
  attributes: {
    div: ['class'],
    span: ['class'],
    figure: ['class'],
    ul: ['class'],
    li: ['class'],
    input: ['type', 'checked', 'disabled'],
  },
});

/** Sanitises HTML and masks redacted text in text nodes only, so a rule can never break markup. */
export function sanitizeSharedHtml(html: string, redactions: CompiledRedaction[], dropLinks = false): string {
  return sanitizeShared(html, {
    dropLinks,
    // sanitize-html hands text nodes over escaped and inserts the result as is: redact the real text, re-escape.
    textFilter: (text) => (redactions.length ? escapeText(redactText(unescapeText(text), redactions)) : text),
  });
}

function unescapeText(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Plain text of HTML for word-level diffs and search, block boundaries kept as line breaks. */
export function htmlToText(html: string): string {
  const withBreaks = html.replace(/<(br|\/p|\/h[1-6]|\/li|\/tr|\/div|\/pre|\/blockquote)\b[^>]*>/gi, '$&\n');
  return unescapeText(sanitizeHtml(withBreaks, { allowedTags: [], allowedAttributes: {} }))
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
