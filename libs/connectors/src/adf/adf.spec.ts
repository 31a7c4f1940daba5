import { adfToHtml, adfToText } from './adf-to-html';
import type { AdfDocument, AdfNode } from './adf.types';
import { isAdfDocument, textToAdf } from './text-to-adf';

const doc = (...content: AdfNode[]): AdfDocument => ({ type: 'doc', version: 1, content });
const p = (...content: AdfNode[]): AdfNode => ({ type: 'paragraph', content });
const t = (text: string, marks?: AdfNode['marks']): AdfNode => ({
  type: 'text',
  text,
  ...(marks ? { marks } : {}),
});

describe('ADF to HTML', () => {
  it('renders paragraphs, headings, marks and hard breaks', () => {
    const html = adfToHtml(
      doc(
        { type: 'heading', attrs: { level: 2 }, content: [t('验收标准')] },
        p(t('bold', [{ type: 'strong' }]), { type: 'hardBreak' }, t('code', [{ type: 'code' }])),
      ),
    );
    expect(html).toBe('<h2>验收标准</h2><p><strong>bold</strong><br /><code>code</code></p>');
  });

  it('renders bullet and ordered lists, code blocks and blockquotes', () => {
    const html = adfToHtml(
      doc(
        { type: 'bulletList', content: [{ type: 'listItem', content: [p(t('one'))] }] },
        {
          type: 'orderedList',
          attrs: { order: 3 },
          content: [{ type: 'listItem', content: [p(t('three'))] }],
        },
        { type: 'codeBlock', attrs: { language: 'c' }, content: [t('if (a < b) {}')] },
        { type: 'blockquote', content: [p(t('quoted'))] },
      ),
    );
    expect(html).toBe(
      '<ul><li><p>one</p></li></ul><ol start="3"><li><p>three</p></li></ol><pre><code class="language-c">if (a &lt; b) {}</code></pre><blockquote><p>quoted</p></blockquote>',
    );
  });

  it('renders tables with header cells and spans', () => {
    const html = adfToHtml(
      doc({
        type: 'table',
        content: [
          {
            type: 'tableRow',
            content: [{ type: 'tableHeader', attrs: { colspan: 2 }, content: [p(t('Parameter'))] }],
          },
          {
            type: 'tableRow',
            content: [
              { type: 'tableCell', content: [p(t('Tolerance'))] },
              { type: 'tableCell', content: [p(t('± 0.05 mm'))] },
            ],
          },
        ],
      }),
    );
    expect(html).toBe(
      '<table><tbody><tr><th colspan="2"><p>Parameter</p></th></tr><tr><td><p>Tolerance</p></td><td><p>± 0.05 mm</p></td></tr></tbody></table>',
    );
  });

  it('shows mentions as names, never as account ids', () => {
    const mention: AdfNode = { type: 'mention', attrs: { id: '5f1a-account', text: '@Li Wei' } };
    expect(adfToHtml(doc(p(mention)))).toBe('<p><span class="adf-mention">@Li Wei</span></p>');
    expect(adfToHtml(doc(p(mention)), { mentionName: () => 'Wei Li (ACME)' })).toContain('@Wei Li (ACME)');
    expect(adfToHtml(doc(p(mention)))).not.toContain('5f1a-account');
  });

  it('replaces embedded media with a placeholder', () => {
    const html = adfToHtml(
      doc({
        type: 'mediaSingle',
        content: [{ type: 'media', attrs: { id: 'abc', type: 'file', alt: 'drawing.pdf' } }],
      }),
    );
    expect(html).toBe('<div><span class="adf-media">[attachment: drawing.pdf]</span></div>');
  });

  it('keeps http links, marks them noopener and drops javascript: links', () => {
    const safe = adfToHtml(
      doc(p(t('spec', [{ type: 'link', attrs: { href: 'https://wiki.example.com/x' } }]))),
    );
    expect(safe).toBe(
      '<p><a href="https://wiki.example.com/x" rel="noopener noreferrer nofollow" target="_blank">spec</a></p>',
    );
    const evil = adfToHtml(doc(p(t('click', [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }]))));
    expect(evil).not.toMatch(/javascript/i);
    const protocolRelative = adfToHtml(
      doc(p(t('elsewhere', [{ type: 'link', attrs: { href: '//evil.example.com/x' } }]))),
    );
    expect(protocolRelative).not.toContain('evil.example.com');
  });

  it('escapes markup inside text so it cannot execute', () => {
    const html = adfToHtml(doc(p(t('<img src=x onerror=alert(1)><script>alert(2)</script>'))));
    expect(html).not.toMatch(/<img|<script/);
    expect(html).toContain('&lt;script&gt;');
  });

  it('cannot be tricked through attributes of unknown or hostile nodes', () => {
    const html = adfToHtml(
      doc(
        { type: 'heading', attrs: { level: '1 onclick=alert(1)' }, content: [t('h')] },
        { type: 'codeBlock', attrs: { language: '"><script>alert(1)</script>' }, content: [t('x')] },
        { type: 'panel', attrs: { panelType: 'info" onmouseover="alert(1)' }, content: [p(t('note'))] },
        { type: 'someFutureNode', content: [t('still visible')] },
      ),
    );
    expect(html).not.toMatch(/\son\w+=|<script/);
    expect(html).toContain('<div class="adf-panel adf-panel-info">');
    expect(html).toContain('still visible');
  });

  it('returns an empty string for a missing document', () => {
    expect(adfToHtml(null)).toBe('');
  });

  it('projects ADF to plain text', () => {
    expect(adfToText(doc(p(t('a'), { type: 'hardBreak' }, t('b')), p(t('c'))))).toBe('a\nb\nc\n');
  });
});

describe('plain text to ADF', () => {
  it('splits paragraphs on blank lines and keeps single line breaks as hard breaks', () => {
    expect(textToAdf('Line one\nline two\n\n第二段')).toEqual(
      doc(p(t('Line one'), { type: 'hardBreak' }, t('line two')), p(t('第二段'))),
    );
  });

  it('turns URLs into links and leaves markup as text', () => {
    expect(textToAdf('See https://portico.example.com/d/1. <b>not bold</b>')).toEqual(
      doc(
        p(
          t('See '),
          t('https://portico.example.com/d/1', [
            { type: 'link', attrs: { href: 'https://portico.example.com/d/1' } },
          ]),
          t('. <b>not bold</b>'),
        ),
      ),
    );
  });

  it('never emits empty text nodes or control characters, which Jira rejects', () => {
    const adf = textToAdf('\r\n\r\n a\u0007b \n\n\n');
    expect(adf).toEqual(doc(p(t(' ab '))));
    expect(textToAdf('   \n\n ')).toEqual(doc());
  });

  it('round-trips through the HTML renderer safely', () => {
    expect(adfToHtml(textToAdf('<script>x</script>'))).toBe('<p>&lt;script&gt;x&lt;/script&gt;</p>');
  });

  it('recognises ADF documents', () => {
    expect(isAdfDocument(textToAdf('x'))).toBe(true);
    expect(isAdfDocument('x')).toBe(false);
    expect(isAdfDocument({ type: 'doc', version: 2, content: [] })).toBe(false);
  });
});
