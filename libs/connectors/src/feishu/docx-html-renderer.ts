import { createHtmlSanitizer, escapeHtml } from '../html/safe-html';
import { BlockType, FeishuBlock, TextElement, TextElementStyle, TextPayload } from './docx-blocks';

const sanitize = createHtmlSanitizer({
  tags: ['figure', 'figcaption', 'input'],
  attributes: { input: ['type', 'checked', 'disabled'] },
  classes: {
    div: ['feishu-callout', 'feishu-grid', 'feishu-grid-column', 'feishu-embed'],
    span: ['feishu-mention', 'feishu-equation'],
    figure: ['feishu-image', 'feishu-file'],
    ul: ['feishu-todo'],
    li: ['feishu-todo-done'],
  },
});

function decodeLink(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    // Not percent-encoded after all; sanitising below still drops unsafe schemes.
    return url;
  }
}

function styled(inner: string, style: TextElementStyle | undefined): string {
  if (!style) return inner;
  let html = inner;
  if (style.inline_code) html = `<code>${html}</code>`;
  if (style.bold) html = `<strong>${html}</strong>`;
  if (style.italic) html = `<em>${html}</em>`;
  if (style.strikethrough) html = `<s>${html}</s>`;
  if (style.underline) html = `<u>${html}</u>`;
  if (style.link?.url) html = `<a href="${escapeHtml(decodeLink(style.link.url))}">${html}</a>`;
  return html;
}

function renderElement(element: TextElement): string {
  if (element.text_run) {
    const content = escapeHtml(element.text_run.content ?? '').replace(/\n/g, '<br>');
    return styled(content, element.text_run.text_element_style);
  }
  // Internal user ids mean nothing to a supplier and must not leak; show a neutral marker.
  if (element.mention_user) return '<span class="feishu-mention">@user</span>';
  if (element.mention_doc) {
    return `<span class="feishu-mention">${escapeHtml(element.mention_doc.title ?? 'document')}</span>`;
  }
  if (element.equation) {
    return `<span class="feishu-equation">${escapeHtml(element.equation.content ?? '')}</span>`;
  }
  return '';
}

function renderElements(payload: TextPayload | undefined): string {
  return (payload?.elements ?? []).map(renderElement).join('');
}

function plainText(payload: TextPayload | undefined): string {
  return (payload?.elements ?? []).map((e) => e.text_run?.content ?? e.equation?.content ?? '').join('');
}

/**
 * Renders docx v1 blocks (any order, as paged from the API) to sanitised HTML. Unsupported blocks
 * (sheets, bitables, files, images) become visible placeholders rather than silently vanishing,
 * so a supplier knows something was left out.
 */
export function renderDocxBlocksToHtml(blocks: FeishuBlock[], rootId?: string): string {
  const byId = new Map(blocks.map((b) => [b.block_id, b]));
  const root = (rootId && byId.get(rootId)) || blocks.find((b) => b.block_type === BlockType.Page);
  const visited = new Set<string>();

  const childrenOf = (block: FeishuBlock): FeishuBlock[] =>
    (block.children ?? []).map((id) => byId.get(id)).filter((b): b is FeishuBlock => b !== undefined);

  const renderChildren = (block: FeishuBlock): string => renderSequence(childrenOf(block));

  const renderSequence = (sequence: FeishuBlock[]): string => {
    let html = '';
    let i = 0;
    while (i < sequence.length) {
      const listType = sequence[i].block_type;
      if (listType === BlockType.Bullet || listType === BlockType.Ordered || listType === BlockType.Todo) {
        // Feishu has no list container block: consecutive list items form one list.
        const items: string[] = [];
        while (i < sequence.length && sequence[i].block_type === listType) {
          items.push(renderListItem(sequence[i]));
          i++;
        }
        const tag = listType === BlockType.Ordered ? 'ol' : 'ul';
        const cls = listType === BlockType.Todo ? ' class="feishu-todo"' : '';
        html += `<${tag}${cls}>${items.join('')}</${tag}>`;
        continue;
      }
      html += renderBlock(sequence[i]);
      i++;
    }
    return html;
  };

  const renderListItem = (block: FeishuBlock): string => {
    if (visited.has(block.block_id)) return '';
    visited.add(block.block_id);
    const nested = renderChildren(block);
    if (block.block_type === BlockType.Todo) {
      const done = block.todo?.style?.done === true;
      const box = `<input type="checkbox" disabled${done ? ' checked' : ''}>`;
      return `<li${done ? ' class="feishu-todo-done"' : ''}>${box} ${renderElements(block.todo)}${nested}</li>`;
    }
    const payload = block.block_type === BlockType.Bullet ? block.bullet : block.ordered;
    return `<li>${renderElements(payload)}${nested}</li>`;
  };

  const renderTable = (block: FeishuBlock): string => {
    const cells = block.table?.cells ?? block.children ?? [];
    const columns = Math.max(1, block.table?.property?.column_size ?? cells.length);
    const headerRow = block.table?.property?.header_row === true;
    const rows: string[] = [];
    for (let start = 0; start < cells.length; start += columns) {
      const rowIndex = start / columns;
      const tag = headerRow && rowIndex === 0 ? 'th' : 'td';
      const tds = cells.slice(start, start + columns).map((id) => {
        const cell = byId.get(id);
        if (cell) visited.add(cell.block_id);
        return `<${tag}>${cell ? renderChildren(cell) : ''}</${tag}>`;
      });
      rows.push(`<tr>${tds.join('')}</tr>`);
    }
    return `<table><tbody>${rows.join('')}</tbody></table>`;
  };

  const renderBlock = (block: FeishuBlock): string => {
    // Guards against malformed trees (a block listed as child twice, or cycles).
    if (visited.has(block.block_id)) return '';
    visited.add(block.block_id);
    const type = block.block_type;
    if (type >= BlockType.Heading1 && type <= BlockType.Heading9) {
      const level = Math.min(6, type - BlockType.Heading1 + 1);
      const payload = block[`heading${type - BlockType.Heading1 + 1}`] as TextPayload | undefined;
      return `<h${level}>${renderElements(payload)}</h${level}>${renderChildren(block)}`;
    }
    switch (type) {
      case BlockType.Page:
        return renderChildren(block);
      case BlockType.Text:
        return `<p>${renderElements(block.text)}</p>${renderChildren(block)}`;
      case BlockType.Code:
        return `<pre><code>${escapeHtml(plainText(block.code))}</code></pre>`;
      case BlockType.Quote:
        return `<blockquote><p>${renderElements(block.quote)}</p>${renderChildren(block)}</blockquote>`;
      case BlockType.QuoteContainer:
        return `<blockquote>${renderChildren(block)}</blockquote>`;
      case BlockType.Equation:
        return `<p><span class="feishu-equation">${escapeHtml(plainText(block.equation))}</span></p>`;
      case BlockType.Callout:
        return `<div class="feishu-callout">${renderChildren(block)}</div>`;
      case BlockType.Divider:
        return '<hr>';
      case BlockType.Grid:
        return `<div class="feishu-grid">${renderChildren(block)}</div>`;
      case BlockType.GridColumn:
        return `<div class="feishu-grid-column">${renderChildren(block)}</div>`;
      case BlockType.Image: {
        const { width, height } = block.image ?? {};
        const size = width && height ? ` (${width}×${height})` : '';
        return `<figure class="feishu-image"><figcaption>[Image${size}]</figcaption></figure>`;
      }
      case BlockType.File:
        return `<figure class="feishu-file"><figcaption>[Attachment${block.file?.name ? `: ${escapeHtml(block.file.name)}` : ''}]</figcaption></figure>`;
      case BlockType.Table:
        return renderTable(block);
      case BlockType.TableCell:
        return renderChildren(block);
      case BlockType.Sheet:
      case BlockType.Bitable:
        return '<div class="feishu-embed">[Embedded table not included]</div>';
      default:
        return `<div class="feishu-embed">[Unsupported content]</div>${renderChildren(block)}`;
    }
  };

  const raw = root ? renderBlock(root) : renderSequence(blocks.filter((b) => !b.parent_id));
  return sanitize(raw);
}
