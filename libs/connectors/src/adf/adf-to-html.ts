import { createHtmlSanitizer, escapeHtml } from '../html/safe-html';
import type { AdfMark, AdfNode } from './adf.types';

export interface AdfHtmlOptions {
  /** Display name for a mention's account id; falls back to the name stored in the document. */
  mentionName?: (accountId: string) => string | undefined;
  /** Placeholder text for an embedded file (media node); default "[attachment: <alt or file name>]". */
  mediaPlaceholder?: (attrs: Record<string, unknown>) => string;
}

const PANEL_TYPES = new Set(['info', 'note', 'tip', 'warning', 'error', 'success', 'custom']);

// Whatever the renderer emits is sanitised again, so a renderer bug cannot reach a browser.
const sanitize = createHtmlSanitizer({
  tags: ['sub', 'sup', 'thead', 'details', 'summary'],
  attributes: { ol: ['start'] },
  classes: {
    code: [/^language-[\w+#-]+$/],
    span: ['adf-mention', 'adf-media', 'adf-status', 'adf-date', 'adf-emoji'],
    div: ['adf-panel', ...[...PANEL_TYPES].map((type) => `adf-panel-${type}`)],
  },
  linksInNewTab: true,
});

const str = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';

function applyMarks(html: string, marks: AdfMark[] = []): string {
  return marks.reduce((inner, mark) => {
    switch (mark.type) {
      case 'strong':
        return `<strong>${inner}</strong>`;
      case 'em':
        return `<em>${inner}</em>`;
      case 'code':
        return `<code>${inner}</code>`;
      case 'strike':
        return `<s>${inner}</s>`;
      case 'underline':
        return `<u>${inner}</u>`;
      case 'subsup':
        return mark.attrs?.type === 'sup' ? `<sup>${inner}</sup>` : `<sub>${inner}</sub>`;
      case 'link':
        return `<a href="${escapeHtml(str(mark.attrs?.href))}">${inner}</a>`;
      default:
        return inner; // colours and annotations carry no meaning for a supplier
    }
  }, html);
}

function render(node: AdfNode, options: AdfHtmlOptions): string {
  const children = () => (node.content ?? []).map((child) => render(child, options)).join('');
  const attrs = node.attrs ?? {};
  switch (node.type) {
    case 'doc':
      return children();
    case 'paragraph':
      return `<p>${children()}</p>`;
    case 'heading': {
      const level = Math.min(6, Math.max(1, Number(attrs.level) || 1));
      return `<h${level}>${children()}</h${level}>`;
    }
    case 'text':
      return applyMarks(escapeHtml(node.text ?? ''), node.marks);
    case 'hardBreak':
      return '<br>';
    case 'bulletList':
    case 'taskList':
    case 'decisionList':
      return `<ul>${children()}</ul>`;
    case 'orderedList': {
      const start = Number(attrs.order);
      return Number.isInteger(start) && start > 1
        ? `<ol start="${start}">${children()}</ol>`
        : `<ol>${children()}</ol>`;
    }
    case 'listItem':
    case 'taskItem':
    case 'decisionItem':
      return `<li>${children()}</li>`;
    case 'codeBlock': {
      const language = str(attrs.language).replace(/[^\w+#-]/g, '');
      const text = (node.content ?? []).map((child) => child.text ?? '').join('');
      return `<pre><code${language ? ` class="language-${language}"` : ''}>${escapeHtml(text)}</code></pre>`;
    }
    case 'blockquote':
      return `<blockquote>${children()}</blockquote>`;
    case 'rule':
      return '<hr>';
    case 'panel':
      return `<div class="adf-panel adf-panel-${PANEL_TYPES.has(str(attrs.panelType)) ? str(attrs.panelType) : 'info'}">${children()}</div>`;
    case 'expand':
    case 'nestedExpand':
      return `<details><summary>${escapeHtml(str(attrs.title))}</summary>${children()}</details>`;
    case 'table':
      return `<table><tbody>${children()}</tbody></table>`;
    case 'tableRow':
      return `<tr>${children()}</tr>`;
    case 'tableHeader':
    case 'tableCell': {
      const tag = node.type === 'tableHeader' ? 'th' : 'td';
      const span = (['colspan', 'rowspan'] as const)
        .filter((name) => Number(attrs[name]) > 1)
        .map((name) => ` ${name}="${Number(attrs[name])}"`)
        .join('');
      return `<${tag}${span}>${children()}</${tag}>`;
    }
    case 'mention': {
      const id = str(attrs.id);
      const name = options.mentionName?.(id) ?? str(attrs.text).replace(/^@/, '');
      return `<span class="adf-mention">@${escapeHtml(name || 'someone')}</span>`;
    }
    case 'emoji':
      return `<span class="adf-emoji">${escapeHtml(str(attrs.text) || str(attrs.shortName))}</span>`;
    case 'date': {
      const at = new Date(Number(attrs.timestamp));
      return `<span class="adf-date">${Number.isNaN(at.getTime()) ? '' : at.toISOString().slice(0, 10)}</span>`;
    }
    case 'status':
      return `<span class="adf-status">${escapeHtml(str(attrs.text))}</span>`;
    case 'inlineCard':
    case 'blockCard':
    case 'embedCard': {
      const url = str(attrs.url);
      return url ? `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>` : '';
    }
    case 'mediaSingle':
    case 'mediaGroup':
      return `<div>${children()}</div>`;
    case 'media':
    case 'mediaInline': {
      const text =
        options.mediaPlaceholder?.(attrs) ?? `[attachment: ${str(attrs.alt) || str(attrs.id) || 'file'}]`;
      return `<span class="adf-media">${escapeHtml(text)}</span>`;
    }
    default:
      // Node types added to ADF later still show their text rather than vanish.
      return node.text !== undefined ? applyMarks(escapeHtml(node.text), node.marks) : children();
  }
}

/** Renders an ADF document (or any ADF node) to HTML that is safe to insert into a page. */
export function adfToHtml(document: AdfNode | null | undefined, options: AdfHtmlOptions = {}): string {
  if (!document || typeof document !== 'object') return '';
  return sanitize(render(document, options));
}

/** Plain-text projection of ADF, for search, previews and notifications. */
export function adfToText(node: AdfNode | null | undefined): string {
  if (!node || typeof node !== 'object') return '';
  if (node.type === 'text') return node.text ?? '';
  if (node.type === 'hardBreak') return '\n';
  if (node.type === 'mention') return str(node.attrs?.text) || '@someone';
  if (node.type === 'emoji') return str(node.attrs?.text) || str(node.attrs?.shortName);
  const inner = (node.content ?? []).map(adfToText);
  const block = ['paragraph', 'heading', 'codeBlock', 'listItem', 'blockquote', 'tableRow', 'panel'].includes(
    node.type,
  );
  const joined = inner.join(node.type === 'tableRow' ? '\t' : '');
  return block ? `${joined.replace(/\n+$/, '')}\n` : joined;
}
