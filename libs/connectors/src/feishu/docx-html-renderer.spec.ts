import { BlockType, FeishuBlock } from './docx-blocks';
import { renderDocxBlocksToHtml } from './docx-html-renderer';

const run = (content: string, style = {}) => ({ text_run: { content, text_element_style: style } });

function doc(children: FeishuBlock[], extra: FeishuBlock[] = []): FeishuBlock[] {
  return [
    {
      block_id: 'root',
      block_type: BlockType.Page,
      page: { elements: [run('Title')] },
      children: children.map((c) => c.block_id),
    },
    ...children.map((c) => ({ parent_id: 'root', ...c })),
    ...extra,
  ];
}

describe('renderDocxBlocksToHtml', () => {
  it('escapes text and drops script, event handlers and javascript: links', () => {
    const html = renderDocxBlocksToHtml(
      doc([
        {
          block_id: 'a',
          block_type: BlockType.Text,
          text: { elements: [run('<script>alert(1)</script><img src=x onerror=alert(2)>')] },
        },
        {
          block_id: 'b',
          block_type: BlockType.Text,
          text: { elements: [run('click', { link: { url: 'javascript%3Aalert(3)' } })] },
        },
      ]),
      'root',
    );
    expect(html).not.toMatch(/<script|<img|<[^>]*onerror|javascript:/i);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('<a rel="noopener noreferrer nofollow">click</a>');
  });

  it('applies inline styles: bold, italic, strikethrough, underline, inline code', () => {
    const html = renderDocxBlocksToHtml(
      doc([
        {
          block_id: 'a',
          block_type: BlockType.Text,
          text: {
            elements: [
              run('b', { bold: true }),
              run('i', { italic: true }),
              run('s', { strikethrough: true }),
              run('u', { underline: true }),
              run('c', { inline_code: true }),
            ],
          },
        },
      ]),
    );
    expect(html).toBe('<p><strong>b</strong><em>i</em><s>s</s><u>u</u><code>c</code></p>');
  });

  it('groups consecutive list items into one list and nests child lists', () => {
    const html = renderDocxBlocksToHtml(
      doc(
        [
          {
            block_id: 'o1',
            block_type: BlockType.Ordered,
            ordered: { elements: [run('one')] },
            children: ['n1'],
          },
          { block_id: 'o2', block_type: BlockType.Ordered, ordered: { elements: [run('two')] } },
          { block_id: 'p', block_type: BlockType.Text, text: { elements: [run('after')] } },
        ],
        [
          {
            block_id: 'n1',
            parent_id: 'o1',
            block_type: BlockType.Bullet,
            bullet: { elements: [run('nested')] },
          },
        ],
      ),
    );
    expect(html).toBe('<ol><li>one<ul><li>nested</li></ul></li><li>two</li></ol><p>after</p>');
  });

  it('renders todos with disabled checkboxes, headings beyond h6 as h6, quotes and dividers', () => {
    const html = renderDocxBlocksToHtml(
      doc([
        {
          block_id: 't',
          block_type: BlockType.Todo,
          todo: { elements: [run('done')], style: { done: true } },
        },
        { block_id: 'h', block_type: 11, heading9: { elements: [run('deep')] } },
        { block_id: 'q', block_type: BlockType.Quote, quote: { elements: [run('quoted')] } },
        { block_id: 'd', block_type: BlockType.Divider, divider: {} },
      ]),
    );
    expect(html).toContain(
      '<li class="feishu-todo-done"><input type="checkbox" disabled checked /> done</li>',
    );
    expect(html).toContain('<h6>deep</h6>');
    expect(html).toContain('<blockquote><p>quoted</p></blockquote><hr />');
  });

  it('shows images, files, sheets and unknown blocks as placeholders without internal tokens or user ids', () => {
    const html = renderDocxBlocksToHtml(
      doc([
        {
          block_id: 'i',
          block_type: BlockType.Image,
          image: { token: 'boxcnSECRET', width: 10, height: 20 },
        },
        { block_id: 's', block_type: BlockType.Sheet },
        { block_id: 'x', block_type: 999 },
        {
          block_id: 'm',
          block_type: BlockType.Text,
          text: { elements: [{ mention_user: { user_id: 'ou_internal' } }] },
        },
      ]),
    );
    expect(html).toContain('[Image (10×20)]');
    expect(html).toContain('[Embedded table not included]');
    expect(html).toContain('[Unsupported content]');
    expect(html).not.toContain('boxcnSECRET');
    expect(html).not.toContain('ou_internal');
  });

  it('survives a malformed tree where a block is listed twice or refers to itself', () => {
    const html = renderDocxBlocksToHtml(
      doc([
        { block_id: 'loop', block_type: BlockType.Callout, callout: {}, children: ['loop', 'missing'] },
        { block_id: 'loop', block_type: BlockType.Callout, callout: {} },
      ]),
    );
    expect(html).toBe('<div class="feishu-callout"></div>');
  });
});
