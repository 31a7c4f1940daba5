import sanitizeHtml from 'sanitize-html';
import { CompiledRedaction, redactText } from './redaction';

/**
 * What a supplier's browser may render of shared rich text: structure and links, no scripts, styles,
 * images from the source (which would leak source URLs) or event handlers.
 */
const SHARED_HTML: sanitizeHtml.IOptions = {
  allowedTags: [
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'p',
    'br',
    'hr',
    'strong',
    'b',
    'em',
    'i',
    's',
    'u',
    'del',
    'sub',
    'sup',
    'code',
    'pre',
    'a',
    'ul',
    'ol',
    'li',
    'blockquote',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'div',
    'span',
    'figure',
    'figcaption',
    'input',
  ],
  allowedAttributes: {
    a: ['href', 'rel'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
    div: ['class'],
    span: ['class'],
    figure: ['class'],
    ul: ['class'],
    li: ['class'],
    input: ['type', 'checked', 'disabled'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow' }) },
};

/** Sanitises HTML and masks redacted text in text nodes only, so a rule can never break markup. */
export function sanitizeSharedHtml(html: string, redactions: CompiledRedaction[], dropLinks = false): string {
  return sanitizeHtml(html, {
    ...SHARED_HTML,
    allowedAttributes: dropLinks
      ? { ...SHARED_HTML.allowedAttributes, a: [] }
      : SHARED_HTML.allowedAttributes,
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
