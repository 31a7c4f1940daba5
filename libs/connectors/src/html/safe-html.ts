import sanitizeHtml from 'sanitize-html';

/**
 * The one sanitising policy for rich text Portico hands to a browser (rendered Jira ADF, rendered Feishu
 * documents, shared snapshots). Every sanitiser keeps the same rules: structure and http(s)/mailto links
 * only, no protocol-relative URLs, no scripts, styles, images (which would leak source URLs) or event
 * handlers, every link `rel="noopener noreferrer nofollow"`, every input a disabled checkbox. What differs
 * is only the vocabulary a source may use on top of the tags all of them share.
 */
export interface HtmlVocabulary {
  /** Tags beyond the common ones (headings, paragraphs, inline marks, lists, code, quotes, tables, div, span). */
  tags?: string[];
  /** Attributes beyond a link's href and a table cell's colspan/rowspan. */
  attributes?: Record<string, string[]>;
  /** Classes a tag may carry, and no others; `class` in `attributes` instead lets a tag keep any class. */
  classes?: Record<string, Array<string | RegExp>>;
  /** Links open in a new tab. */
  linksInNewTab?: boolean;
}

export interface SanitizeOptions {
  /** Keeps a link's text but drops its target, where source URLs must not be shown. */
  dropLinks?: boolean;
  /** Rewrites each text node; it receives and must return HTML-escaped text. */
  textFilter?: (text: string) => string;
}

const COMMON_TAGS = [
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
  'em',
  's',
  'u',
  'code',
  'pre',
  'a',
  'ul',
  'ol',
  'li',
  'blockquote',
  'table',
  'tbody',
  'tr',
  'th',
  'td',
  'div',
  'span',
];

const LINK_REL = 'noopener noreferrer nofollow';

// A form control in shared content could only mislead: a checkbox keeps its state, read-only; any other
// input goes. Attributes keep their order, so sanitising clean HTML again changes nothing.
const checkboxOnly: sanitizeHtml.Transformer = (tagName, attribs) => {
  if (attribs.type !== 'checkbox') return { tagName: 'span', attribs: {} };
  const kept = Object.keys(attribs).filter((name) => ['type', 'checked', 'disabled'].includes(name));
  if (!kept.includes('disabled')) kept.push('disabled');
  return {
    tagName,
    attribs: Object.fromEntries(kept.map((name) => [name, name === 'type' ? 'checkbox' : ''])),
  };
};

/** Builds a sanitiser for one source's vocabulary under the shared rules. */
export function createHtmlSanitizer(
  vocabulary: HtmlVocabulary = {},
): (html: string, options?: SanitizeOptions) => string {
  const tags = [...COMMON_TAGS, ...(vocabulary.tags ?? [])];
  const linkAttributes = ['href', 'rel', ...(vocabulary.linksInNewTab ? ['target'] : [])];
  const policy: sanitizeHtml.IOptions = {
    allowedTags: tags,
    allowedAttributes: {
      a: linkAttributes,
      th: ['colspan', 'rowspan'],
      td: ['colspan', 'rowspan'],
      ...vocabulary.attributes,
    },
    ...(vocabulary.classes ? { allowedClasses: vocabulary.classes } : {}),
    allowedSchemes: ['http', 'https', 'mailto'],
    allowProtocolRelative: false,
    transformTags: {
      a: sanitizeHtml.simpleTransform('a', {
        rel: LINK_REL,
        ...(vocabulary.linksInNewTab ? { target: '_blank' } : {}),
      }),
      ...(tags.includes('input') ? { input: checkboxOnly } : {}),
    },
  };
  const withoutLinks: sanitizeHtml.IOptions = {
    ...policy,
    allowedAttributes: { ...policy.allowedAttributes, a: [] },
  };
  return (html, options = {}) =>
    sanitizeHtml(html, {
      ...(options.dropLinks ? withoutLinks : policy),
      ...(options.textFilter ? { textFilter: options.textFilter } : {}),
    });
}

/** Escapes text for use in HTML content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
