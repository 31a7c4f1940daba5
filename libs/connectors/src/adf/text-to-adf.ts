import type { AdfDocument, AdfNode } from './adf.types';

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;

function inline(line: string): AdfNode[] {
  const nodes: AdfNode[] = [];
  let last = 0;
  for (const match of line.matchAll(URL_PATTERN)) {
    const index = match.index ?? 0;
    if (index > last) nodes.push({ type: 'text', text: line.slice(last, index) });
    nodes.push({ type: 'text', text: match[0], marks: [{ type: 'link', attrs: { href: match[0] } }] });
    last = index + match[0].length;
  }
  if (last < line.length) nodes.push({ type: 'text', text: line.slice(last) });
  return nodes;
}

/**
 * Builds ADF from text typed by a supplier: blank lines separate paragraphs, single line breaks become hard
 * breaks, URLs become links. Nothing in the text is interpreted as markup.
 */
export function textToAdf(text: string): AdfDocument {
  // ADF rejects empty text nodes and control characters other than line breaks and tabs.
  const clean = text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  const paragraphs = clean
    .split(/\n[ \t]*\n/)
    .map((block) => block.replace(/^\n+|\n+$/g, ''))
    .filter((block) => block.trim().length > 0);
  return {
    type: 'doc',
    version: 1,
    content: paragraphs.map((block) => {
      const content: AdfNode[] = [];
      block.split('\n').forEach((line, index) => {
        if (index > 0) content.push({ type: 'hardBreak' });
        content.push(...inline(line));
      });
      return { type: 'paragraph', content };
    }),
  };
}

/** True when the value has the outer shape of an ADF document (`{ type: 'doc', version: 1, content: [] }`). */
export function isAdfDocument(value: unknown): value is AdfDocument {
  const doc = value as AdfDocument | null;
  return (
    !!doc && typeof doc === 'object' && doc.type === 'doc' && doc.version === 1 && Array.isArray(doc.content)
  );
}
