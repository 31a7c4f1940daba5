import type { AdfMark, AdfNode } from './adf.types';

/*
 * Jira Data Center has no ADF: rich-text fields (description, comment bodies) take wiki markup strings.
 * https://jira.atlassian.com/secure/WikiRendererHelpAction.jspa
 */

// Any of these can start or end wiki formatting; a backslash makes the renderer print it literally.
const SPECIAL = /([\\*_{}[\]|^~+\-?#!])/g;

function escapeText(text: string): string {
  return text
    .replace(SPECIAL, '\\$1')
    .split('\n')
    .map((line) => line.replace(/^(\s*)(h[1-6]\.|bq\.)/i, '$1\\$2'))
    .join('\n');
}

const attr = (node: AdfNode, name: string): string => {
  const value = node.attrs?.[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
};

function applyMarks(text: string, marks: AdfMark[] = []): string {
  return marks.reduce((inner, mark) => {
    switch (mark.type) {
      case 'strong':
        return `*${inner}*`;
      case 'em':
        return `_${inner}_`;
      case 'code':
        return `{{${inner}}}`;
      case 'strike':
        return `-${inner}-`;
      case 'underline':
        return `+${inner}+`;
      case 'link': {
        const href =
          typeof mark.attrs?.href === 'string' ? mark.attrs.href.replace(/[|\]\s]/g, encodeURIComponent) : '';
        return /^(https?:|mailto:)/i.test(href) ? `[${inner}|${href}]` : inner;
      }
      default:
        return inner;
    }
  }, text);
}

function inline(nodes: AdfNode[] = []): string {
  return nodes
    .map((node) => {
      switch (node.type) {
        case 'text':
          return node.text ? applyMarks(escapeText(node.text), node.marks) : '';
        case 'hardBreak':
          return '\n';
        case 'mention':
          // Data Center mentions need a user name ([~name]) that an ADF account id cannot provide.
          return escapeText(attr(node, 'text') || '@someone');
        case 'emoji':
          return escapeText(attr(node, 'text') || attr(node, 'shortName'));
        case 'inlineCard': {
          const url = attr(node, 'url');
          return /^https?:/i.test(url) ? `[${url.replace(/[|\]\s]/g, encodeURIComponent)}]` : '';
        }
        case 'media':
        case 'mediaInline':
          return escapeText(`[attachment: ${attr(node, 'alt') || attr(node, 'id') || 'file'}]`);
        default:
          return node.text !== undefined ? escapeText(node.text) : inline(node.content);
      }
    })
    .join('');
}

function list(node: AdfNode, prefix: string): string {
  const marker = prefix + (node.type === 'orderedList' ? '#' : '*');
  return (node.content ?? [])
    .map((item) => {
      const parts = item.content ?? [];
      const text = parts
        .filter((part) => part.type !== 'bulletList' && part.type !== 'orderedList')
        .map((part) => (part.type === 'paragraph' ? inline(part.content) : block(part)))
        .join(' ')
        .replace(/\n/g, ' ');
      const nested = parts
        .filter((part) => part.type === 'bulletList' || part.type === 'orderedList')
        .map((sub) => list(sub, marker));
      return [`${marker} ${text}`, ...nested].join('\n');
    })
    .join('\n');
}

function cell(node: AdfNode): string {
  return (node.content ?? [])
    .map((part) => (part.type === 'paragraph' ? inline(part.content) : block(part)))
    .join(' ')
    .replace(/\n/g, ' ');
}

function block(node: AdfNode): string {
  switch (node.type) {
    case 'paragraph':
      return inline(node.content);
    case 'heading':
      return `h${Math.min(6, Math.max(1, Number(node.attrs?.level) || 1))}. ${inline(node.content).replace(/\n/g, ' ')}`;
    case 'bulletList':
    case 'orderedList':
      return list(node, '');
    case 'codeBlock': {
      const language = attr(node, 'language').replace(/[^\w+#-]/g, '');
      // The only sequence that could end the block early.
      const code = (node.content ?? [])
        .map((part) => part.text ?? '')
        .join('')
        .replace(/\{code/gi, '\\{code');
      return `{code${language ? `:${language}` : ''}}\n${code}\n{code}`;
    }
    case 'blockquote':
      return `{quote}\n${blocks(node.content)}\n{quote}`;
    case 'panel':
      return `{panel}\n${blocks(node.content)}\n{panel}`;
    case 'rule':
      return '----';
    case 'table':
      return (node.content ?? [])
        .map((row) =>
          (row.content ?? [])
            .map((c) => (c.type === 'tableHeader' ? `||${cell(c)}` : `|${cell(c)}`))
            .join('')
            .concat((row.content ?? []).some((c) => c.type === 'tableHeader') ? '||' : '|'),
        )
        .join('\n');
    case 'mediaSingle':
    case 'mediaGroup':
      return inline(node.content);
    default:
      return node.content ? blocks(node.content) : inline([node]);
  }
}

function blocks(nodes: AdfNode[] = []): string {
  return nodes
    .map(block)
    .filter((text) => text !== '')
    .join('\n\n');
}

/** Converts an ADF document to Jira wiki markup for Data Center. Text is escaped, so nothing in it acts as markup. */
export function adfToWikiMarkup(document: AdfNode | null | undefined): string {
  if (!document || typeof document !== 'object') return '';
  return document.type === 'doc' ? blocks(document.content) : block(document);
}
